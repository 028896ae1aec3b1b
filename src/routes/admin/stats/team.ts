// Team figures for Stats: first-response and resolution times, for the workspace and per operator.
import { and, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import { conversations, teamDaily, users } from "../../../../db/schema";
import type { Db } from "../../../../db/store";
import { DAY } from "../../../domain/daily-counts";
import type { TeamStats } from "./model";

const p = sql.placeholder;

type Row = { kind: string; by: string | null; name: string | null; n: number; total: number };

/** TeamFigures reads, over the conversations started in a range, how fast the team answered and resolved them. */
export class TeamFigures {
  private firstReplies;
  private resolutions;
  private daily;
  // note: whole days come from the team_daily roll-up (kept by triggers, migration 0017); only the
  // partial days at either end of a range read conversations, through the (workspace, created_at) index.
  // note: the user's name is grouped by too, which Postgres asks of every column read beside the sums (one name per id).
  constructor(db: Db) {
    const started = and(eq(conversations.workspaceId, p("workspaceId")), gte(conversations.createdAt, p("from")), lt(conversations.createdAt, p("to")));
    this.firstReplies = db
      .select({ kind: sql<string>`'first_response'`, by: conversations.firstReplyBy, name: users.name, n: sql<number>`count(*)`, total: sql<number>`sum(${conversations.firstReplyAt} - ${conversations.createdAt})` })
      .from(conversations)
      .leftJoin(users, eq(users.id, conversations.firstReplyBy))
      .where(and(started, isNotNull(conversations.firstReplyAt)))
      .groupBy(conversations.firstReplyBy, users.name)
      .prepare();
    this.resolutions = db
      .select({ kind: sql<string>`'resolution'`, by: conversations.resolvedBy, name: users.name, n: sql<number>`count(*)`, total: sql<number>`sum(${conversations.resolvedAt} - ${conversations.createdAt})` })
      .from(conversations)
      .leftJoin(users, eq(users.id, conversations.resolvedBy))
      .where(and(started, eq(conversations.status, "closed"), isNotNull(conversations.resolvedAt)))
      .groupBy(conversations.resolvedBy, users.name)
      .prepare();
    this.daily = db
      .select({ kind: teamDaily.kind, by: sql<string | null>`nullif(${teamDaily.accountId}, '')`, name: users.name, n: sql<number>`sum(${teamDaily.n})`, total: sql<number>`sum(${teamDaily.total})` })
      .from(teamDaily)
      .leftJoin(users, eq(users.id, teamDaily.accountId))
      .where(and(eq(teamDaily.workspaceId, p("workspaceId")), gte(teamDaily.day, p("from")), lt(teamDaily.day, p("to"))))
      .groupBy(teamDaily.kind, teamDaily.accountId, users.name)
      .prepare();
  }

  private async rows(workspaceId: string, from: number, to: number): Promise<Row[]> {
    const raw = async (a: number, b: number) => (a < b ? [...(await this.firstReplies.all({ workspaceId, from: a, to: b })), ...(await this.resolutions.all({ workspaceId, from: a, to: b }))] : []);
    const firstWhole = Math.ceil(from / DAY);
    const endWhole = Math.floor(to / DAY);
    if (firstWhole >= endWhole) return raw(from, to);
    return [...(await raw(from, firstWhole * DAY)), ...(await this.daily.all({ workspaceId, from: firstWhole, to: endWhole })), ...(await raw(endWhole * DAY, to))];
  }

  /** team answers the team figures of a workspace for conversations started in [from, to). */
  async team(workspaceId: string, from: number, to: number): Promise<TeamStats> {
    const all = await this.rows(workspaceId, from, to);
    const merge = (kind: string) => {
      const by = new Map<string | null, Row>();
      for (const r of all.filter((x) => x.kind === kind)) {
        const m = by.get(r.by);
        if (m) Object.assign(m, { n: Number(m.n) + Number(r.n), total: Number(m.total) + Number(r.total) });
        else by.set(r.by, { ...r });
      }
      return [...by.values()].filter((r) => Number(r.n) > 0);
    };
    const replies = merge("first_response");
    const resolved = merge("resolution");
    const seconds = (total: number, n: number) => (n ? Math.round(Number(total) / Number(n) / 1000) : null);
    const sum = (rows: { n: number; total: number }[]) => ({ count: rows.reduce((a, r) => a + Number(r.n), 0), total: rows.reduce((a, r) => a + Number(r.total), 0) });
    const people = new Map<string, TeamStats["operators"][number]>();
    // note: replies and closes by an admin token have no account; they count for the workspace, not for a person.
    const person = (id: string, name: string | null) => people.get(id) ?? people.set(id, { id, name: name ?? "Former member", firstResponses: 0, firstResponseSeconds: null, resolved: 0, resolutionSeconds: null }).get(id)!;
    for (const r of replies) if (r.by) Object.assign(person(r.by, r.name), { firstResponses: Number(r.n), firstResponseSeconds: seconds(r.total, r.n) });
    for (const r of resolved) if (r.by) Object.assign(person(r.by, r.name), { resolved: Number(r.n), resolutionSeconds: seconds(r.total, r.n) });
    const a = sum(replies);
    const b = sum(resolved);
    return {
      firstResponse: { count: a.count, averageSeconds: seconds(a.total, a.count) },
      resolution: { count: b.count, averageSeconds: seconds(b.total, b.count) },
      operators: [...people.values()].sort((x, y) => x.name.localeCompare(y.name)),
    };
  }
}
