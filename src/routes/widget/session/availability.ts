// What the session answer says about the team: online now (an operator has the inbox stream open), office
// hours (when they next open), and the usual reply time (set by hand, or the median first reply of 30 days).
import { and, desc, eq, gte, sql } from "drizzle-orm";
import { conversations } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { median, opening, replyBucket, WINDOW } from "../../../domain/availability";
import type { Availability, ReplyTime, Settings } from "../../../domain/settings";
import { topics } from "../../../realtime/hub";

const p = sql.placeholder;
// note: the usual reply time moves slowly; it is computed at most every ten minutes per workspace.
const CACHE_MS = 10 * 60_000;
const SAMPLE = 500;

/** AvailabilityService tells a workspace's availability, as the widget header shows it. */
export class AvailabilityService {
  private firstReplies;
  private cache = new Map<string, { at: number; replyTime: ReplyTime | null }>();

  constructor(private ctx: AppContext) {
    // note: over the index on (workspace, created_at); each conversation's first operator reply by its own index.
    this.firstReplies = ctx.store.db
      .select({
        started: conversations.createdAt,
        // note: spelled out, because a one-table select names its columns bare, and a bare "id" in the subquery is the message's.
        replied: sql<number | null>`(select min(m.created_at) from message m where m.conversation_id = "conversation"."id" and m.author_kind = 'operator' and not m.internal)`,
      })
      .from(conversations)
      // note: a conversation an operator started opens with the operator's message, which is no reply at all.
      .where(and(eq(conversations.workspaceId, p("workspaceId")), gte(conversations.createdAt, p("since")), eq(conversations.operatorStarted, false)))
      .orderBy(desc(conversations.createdAt))
      .limit(SAMPLE)
      .prepare();
  }

  /** of is the availability of a workspace now, or undefined when it says nothing (no hours, no reply time, nobody online). */
  async of(workspaceId: string, settings: Settings): Promise<Availability | undefined> {
    const now = this.ctx.clock.now();
    const online = this.ctx.hub.listeners(topics.admin(workspaceId)) > 0;
    const answer: Availability = { online };
    const replyTime = settings.replyTime && settings.replyTime != "auto" ? settings.replyTime : await this.measured(workspaceId, now);
    if (replyTime) answer.replyTime = replyTime;
    if (!online && settings.hours) {
      const { open, next } = opening(settings.hours, now);
      if (!open && next) answer.nextOpenAt = new Date(next).toISOString();
    }
    return online || settings.hours || replyTime ? answer : undefined;
  }

  /** measured is the median first reply of the last 30 days, bucketed, or null without any reply. */
  private async measured(workspaceId: string, now: number): Promise<ReplyTime | null> {
    const hit = this.cache.get(workspaceId);
    if (hit && now - hit.at < CACHE_MS) return hit.replyTime;
    const rows = await this.firstReplies.all({ workspaceId, since: now - WINDOW });
    const waits = rows.filter((r) => r.replied !== null).map((r) => Math.max(0, r.replied! - r.started));
    const typical = median(waits);
    const replyTime = typical === null ? null : replyBucket(typical);
    this.cache.set(workspaceId, { at: now, replyTime });
    return replyTime;
  }
}
