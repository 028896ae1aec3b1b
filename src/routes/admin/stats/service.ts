// Figures for the Stats page, computed in three grouped queries scoped to one workspace.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { conversations, events, surveyResponses } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { invalid } from "../../../lib/http-error";
import type { Operator } from "../../../plugins/admin-auth";
import { EVENT_TYPES } from "../../widget/events/model";
import { existingWorkspace } from "../shared";
import type { StatsAnswer, StatsQuery } from "./model";
import { iso } from "../../../lib/text";

const DAY = 86_400_000;
const MAX_DAYS = 400;
const dayOf = (column: unknown) => sql<string>`strftime('%Y-%m-%d', ${column} / 1000, 'unixepoch')`;
const isDate = (s: string) => s.length === 10;

/** StatsService computes a workspace's figures over a range of time. */
export class StatsService {
  constructor(private ctx: AppContext) {}

  /** stats answers GET /stats for one workspace. */
  async stats(operator: Operator, q: StatsQuery): Promise<StatsAnswer> {
    const db = this.ctx.store.db;
    await existingWorkspace(db, operator, q.workspace);
    // note: by default the range ends with today (UTC), so what happened just now counts.
    const to = q.to ? Date.parse(q.to) + (isDate(q.to) ? DAY : 0) : Math.floor(this.ctx.clock.now() / DAY) * DAY + DAY;
    const from = q.from ? Date.parse(q.from) : to - 30 * DAY;
    if (from >= to) throw invalid("from", "The range must start before it ends.");
    if (to - from > MAX_DAYS * DAY) throw invalid("from", `The range may span at most ${MAX_DAYS} days.`);
    const ws = q.workspace;
    const [byTypeDay, started, scores] = await Promise.all([
      db
        .select({ type: events.type, day: dayOf(events.at), n: sql<number>`count(*)` })
        .from(events)
        .where(and(eq(events.workspaceId, ws), gte(events.at, from), lt(events.at, to)))
        .groupBy(events.type, dayOf(events.at))
        .all(),
      db
        .select({ day: dayOf(conversations.createdAt), n: sql<number>`count(*)` })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, ws), gte(conversations.createdAt, from), lt(conversations.createdAt, to)))
        .groupBy(dayOf(conversations.createdAt))
        .all(),
      db
        .select({ kind: surveyResponses.kind, score: surveyResponses.score, n: sql<number>`count(*)` })
        .from(surveyResponses)
        .where(and(eq(surveyResponses.workspaceId, ws), gte(surveyResponses.createdAt, from), lt(surveyResponses.createdAt, to)))
        .groupBy(surveyResponses.kind, surveyResponses.score)
        .all(),
    ]);
    const eventCounts: Record<string, number> = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0]));
    const days = new Map<string, StatsAnswer["daily"][number]>();
    for (let t = Date.parse(iso(from).slice(0, 10)); t < to; t += DAY) {
      const date = iso(t).slice(0, 10);
      days.set(date, { date, launcherViews: 0, opens: 0, conversationsStarted: 0 });
    }
    for (const r of byTypeDay) {
      eventCounts[r.type] = (eventCounts[r.type] ?? 0) + Number(r.n);
      const d = days.get(r.day);
      if (d && r.type === "launcher_view") d.launcherViews += Number(r.n);
      if (d && r.type === "widget_open") d.opens += Number(r.n);
    }
    for (const r of started) {
      const d = days.get(r.day);
      if (d) d.conversationsStarted += Number(r.n);
    }
    const daily = [...days.values()];
    const sum = (k: "launcherViews" | "opens" | "conversationsStarted") => daily.reduce((a, d) => a + d[k], 0);
    return {
      workspaceId: ws,
      from: iso(from),
      to: iso(to),
      events: eventCounts,
      totals: { launcherViews: sum("launcherViews"), opens: sum("opens"), conversationsStarted: sum("conversationsStarted") },
      daily,
      csat: csat(scores.filter((s) => s.kind === "csat")),
      nps: nps(scores.filter((s) => s.kind === "nps")),
    };
  }
}

type Score = { score: number; n: number };

function spread(rows: Score[], from: number, to: number) {
  const distribution: Record<string, number> = {};
  for (let k = from; k <= to; k++) distribution[String(k)] = 0;
  for (const r of rows) distribution[String(r.score)] = (distribution[String(r.score)] ?? 0) + Number(r.n);
  return { distribution, count: rows.reduce((a, r) => a + Number(r.n), 0) };
}

function csat(rows: Score[]): StatsAnswer["csat"] {
  const { distribution, count } = spread(rows, 1, 5);
  const total = rows.reduce((a, r) => a + r.score * Number(r.n), 0);
  return { count, average: count ? Math.round((100 * total) / count) / 100 : null, distribution };
}

/** nps: % promoters (9-10) minus % detractors (0-6), rounded to one decimal. */
function nps(rows: Score[]): StatsAnswer["nps"] {
  const { distribution, count } = spread(rows, 0, 10);
  const among = (lo: number, hi: number) => rows.filter((r) => r.score >= lo && r.score <= hi).reduce((a, r) => a + Number(r.n), 0);
  const promoters = among(9, 10);
  const detractors = among(0, 6);
  return { count, score: count ? Math.round((1000 * (promoters - detractors)) / count) / 10 : null, promoters, passives: among(7, 8), detractors, distribution };
}
