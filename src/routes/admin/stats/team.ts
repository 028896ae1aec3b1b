// Team figures for Stats: first-response and resolution times, for the workspace and per operator.
import { and, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import { conversations, users } from "../../../../db/schema";
import type { Db } from "../../../../db/store";
import type { TeamStats } from "./model";

const p = sql.placeholder;

/** TeamFigures reads, over the conversations started in a range, how fast the team answered and resolved them. */
export class TeamFigures {
  private firstReplies;
  private resolutions;
  // note: both read the conversations started in the range through the (workspace, created_at) index.
  constructor(db: Db) {
    const started = and(eq(conversations.workspaceId, p("workspaceId")), gte(conversations.createdAt, p("from")), lt(conversations.createdAt, p("to")));
    this.firstReplies = db
      .select({ by: conversations.firstReplyBy, name: users.name, n: sql<number>`count(*)`, total: sql<number>`sum(${conversations.firstReplyAt} - ${conversations.createdAt})` })
      .from(conversations)
      .leftJoin(users, eq(users.id, conversations.firstReplyBy))
      .where(and(started, isNotNull(conversations.firstReplyAt)))
      .groupBy(conversations.firstReplyBy)
      .prepare();
    this.resolutions = db
      .select({ by: conversations.resolvedBy, name: users.name, n: sql<number>`count(*)`, total: sql<number>`sum(${conversations.resolvedAt} - ${conversations.createdAt})` })
      .from(conversations)
      .leftJoin(users, eq(users.id, conversations.resolvedBy))
      .where(and(started, eq(conversations.status, "closed"), isNotNull(conversations.resolvedAt)))
      .groupBy(conversations.resolvedBy)
      .prepare();
  }

  /** team answers the team figures of a workspace for conversations started in [from, to). */
  async team(workspaceId: string, from: number, to: number): Promise<TeamStats> {
    const [replies, resolved] = await Promise.all([this.firstReplies.all({ workspaceId, from, to }), this.resolutions.all({ workspaceId, from, to })]);
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
