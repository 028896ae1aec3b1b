// Reads and changes one operator's alert choices, and counts its unread conversations; it never sees the request.
import { and, eq, sql } from "drizzle-orm";
import { conversations, operatorUnread, users } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { ALERT_DEFAULTS, UNREAD_CAP, type AlertPrefs, type AlertPrefsBody, type UnreadAnswer } from "./model";

const p = sql.placeholder;

/** withDefaults keeps the known boolean choices of a stored value and fills the rest from the defaults. */
function withDefaults(stored: Record<string, unknown> | null | undefined): AlertPrefs {
  const out = { ...ALERT_DEFAULTS };
  for (const key of Object.keys(out) as (keyof AlertPrefs)[]) if (typeof stored?.[key] === "boolean") out[key] = stored[key] as boolean;
  return out;
}

/** AlertService stores alert choices on the operator's own account row. */
export class AlertService {
  private unreadRows;
  constructor(private ctx: AppContext) {
    // note: operator_unread holds only this account's unread open conversations (kept by triggers, migration 0020),
    // so the count reads the answer's own rows, at most one past the cap, never the workspace's conversations.
    // A snoozed one stays there (its snooze ends with time, not with a write) and is left out here.
    const rows = ctx.store.db
      .select({ one: sql`1` })
      .from(operatorUnread)
      .innerJoin(conversations, eq(conversations.id, operatorUnread.conversationId))
      .where(
        and(
          eq(operatorUnread.operatorRef, p("ref")),
          eq(operatorUnread.workspaceId, p("workspaceId")),
          sql`${operatorUnread.conversationId} IS DISTINCT FROM ${p("except")}`,
          sql`coalesce(${conversations.snoozedUntil}, 0) <= ${p("now")}`,
        ),
      )
      .limit(UNREAD_CAP + 1)
      .as("rows");
    this.unreadRows = ctx.store.db.select({ n: sql<number>`count(*)` }).from(rows).prepare();
  }

  /** unread counts userId's open conversations in workspaceId with customer messages it has not seen, as its inbox does. */
  async unread(userId: string, workspaceId: string, except?: string): Promise<UnreadAnswer> {
    const n = Number((await this.unreadRows.get({ ref: `user:${userId}`, workspaceId, except: except ?? null, now: this.ctx.clock.now() }))?.n ?? 0);
    return { unread: Math.min(n, UNREAD_CAP), more: n > UNREAD_CAP };
  }

  /** get answers userId's choices. */
  async get(userId: string): Promise<AlertPrefs> {
    const row = await this.ctx.store.db.select({ alerts: users.alerts }).from(users).where(eq(users.id, userId)).get();
    return withDefaults(row?.alerts);
  }

  /** update merges a change into userId's choices and answers them all. */
  async update(userId: string, change: AlertPrefsBody): Promise<AlertPrefs> {
    return this.ctx.store.write(async (tx) => {
      const row = await tx.select({ alerts: users.alerts }).from(users).where(eq(users.id, userId)).get();
      const next = withDefaults({ ...withDefaults(row?.alerts), ...change });
      await tx.update(users).set({ alerts: next }).where(eq(users.id, userId)).run();
      return next;
    });
  }
}
