// Who is on the site now: the presence book joined with visitor names and latest conversations.
import { and, desc, eq, inArray } from "drizzle-orm";
import { contacts, conversations, visitors } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { ofWorkspace } from "../../../domain/conversations";
import type { Operator } from "../../../plugins/admin-auth";
import { existingWorkspace } from "../shared";
import type { OnlineVisitor } from "./model";
import { visitorColumns, visitorDetail } from "./view";

// note: a bound on one answer (and on the query's parameters); the most recently seen come first.
const MAX_ONLINE = 500;

/** VisitorService answers presence questions for operators. */
export class VisitorService {
  constructor(private ctx: AppContext) {}

  /** online lists the workspace's visitors seen in the last minute, most recent first, each with its latest conversation. */
  async online(operator: Operator, workspaceId: string): Promise<{ visitors: OnlineVisitor[] }> {
    await this.ctx.activity.settle();
    const db = this.ctx.store.db;
    await existingWorkspace(db, operator, workspaceId);
    const beats = this.ctx.presence.online(workspaceId).slice(0, MAX_ONLINE);
    if (beats.length === 0) return { visitors: [] };
    const ids = beats.map((b) => b.visitorId);
    const [rows, convs] = await Promise.all([
      db.select(visitorColumns).from(visitors).leftJoin(contacts, eq(contacts.id, visitors.contactId)).where(and(eq(visitors.workspaceId, workspaceId), inArray(visitors.id, ids))).all(),
      db
        .select({ visitorId: conversations.visitorId, id: conversations.id })
        .from(conversations)
        .where(and(ofWorkspace(workspaceId), inArray(conversations.visitorId, ids)))
        .orderBy(desc(conversations.updatedAt))
        .all(),
    ]);
    const latest = new Map<string, string>();
    for (const c of convs) if (!latest.has(c.visitorId)) latest.set(c.visitorId, c.id);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      visitors: beats.flatMap((b) => {
        const row = byId.get(b.visitorId);
        return row ? [{ ...visitorDetail(this.ctx, row), conversationId: latest.get(b.visitorId) ?? null }] : [];
      }),
    };
  }
}
