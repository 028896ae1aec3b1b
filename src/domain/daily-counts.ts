// Daily counts per workspace (events by type, conversations started), bumped in the write that
// makes them, so the stats of any range read at most a row per day and kind.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { dailyCounts } from "../../db/schema";
import type { Db } from "../../db/store";

/** DAY is one UTC day in milliseconds; a day number is a time divided by it. */
export const DAY = 86_400_000;

/** CONVERSATIONS_STARTED is the kind under which new conversations are counted. */
export const CONVERSATIONS_STARTED = "conversations";

/** DailyCount is one row: how many of a kind a workspace had on a UTC day. */
export interface DailyCount {
  kind: string;
  day: number;
  n: number;
}

/** DailyCounts bumps and reads the per-day counts with statements prepared once. */
export class DailyCounts {
  private upsert;
  private range;
  constructor(db: Db) {
    const p = sql.placeholder;
    this.upsert = db
      .insert(dailyCounts)
      .values({ workspaceId: p("workspaceId"), kind: p("kind"), day: p("day"), n: p("n") })
      .onConflictDoUpdate({ target: [dailyCounts.workspaceId, dailyCounts.day, dailyCounts.kind], set: { n: sql`${dailyCounts.n} + excluded.n` } })
      .prepare();
    this.range = db
      .select({ kind: dailyCounts.kind, day: dailyCounts.day, n: dailyCounts.n })
      .from(dailyCounts)
      .where(and(eq(dailyCounts.workspaceId, p("workspaceId")), gte(dailyCounts.day, p("from")), lt(dailyCounts.day, p("to"))))
      .prepare();
  }

  /** add counts n more of a kind on the day of `at`; call it inside the write that stores them. */
  async add(workspaceId: string, kind: string, at: number, n = 1) {
    await this.upsert.run({ workspaceId, kind, day: Math.floor(at / DAY), n });
  }

  /** addAll counts rows grouped by kind and day, one statement per group; a sign of -1 takes them back. */
  async addAll(workspaceId: string, rows: { kind: string; at: number }[], sign: 1 | -1 = 1) {
    const groups = new Map<string, { kind: string; at: number; n: number }>();
    for (const r of rows) {
      const key = `${r.kind}:${Math.floor(r.at / DAY)}`;
      const g = groups.get(key);
      if (g) g.n++;
      else groups.set(key, { ...r, n: 1 });
    }
    for (const g of groups.values()) await this.add(workspaceId, g.kind, g.at, sign * g.n);
  }

  /** between reads the counts of the days numbered from (inclusive) to `to` (exclusive). */
  async between(workspaceId: string, from: number, to: number): Promise<DailyCount[]> {
    return await this.range.all({ workspaceId, from, to });
  }
}
