// Stores widget events in one transaction per batch.
import { and, inArray } from "drizzle-orm";
import { conversations, events } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { visibleTo } from "../../../domain/conversations";
import type { Visitor } from "../../../domain/visitors";
import { HttpError } from "../../../lib/http-error";
import type { EventsBody } from "./model";

/** EventService records impressions, opens, closes and engagement. */
export class EventService {
  constructor(private ctx: AppContext) {}

  /** record stores the batch; events naming a conversation must name one the visitor sees. */
  async record(visitor: Visitor, body: EventsBody): Promise<{ accepted: number }> {
    const named = [...new Set(body.events.map((e) => e.conversationId).filter((x): x is string => !!x))];
    if (named.length) {
      const seen = await this.ctx.store.db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(inArray(conversations.id, named), visibleTo(visitor)))
        .all();
      if (seen.length !== named.length) throw new HttpError(404, "conversation_not_found", "An event names a conversation that does not exist.", "events");
    }
    const now = this.ctx.clock.now();
    const rows = body.events.map((e) => ({
      workspaceId: visitor.workspaceId,
      visitorId: visitor.id,
      conversationId: e.conversationId ?? null,
      type: e.type,
      pageUrl: e.page?.url ?? null,
      props: e.props ?? null,
      // note: the client's clock is not trusted beyond a day; the server's time is kept otherwise.
      at: e.at && Math.abs(Date.parse(e.at) - now) < 86_400_000 ? Date.parse(e.at) : now,
    }));
    await this.ctx.store.write(async (tx) => {
      await tx.insert(events).values(rows).run();
      await this.ctx.daily.addAll(visitor.workspaceId, rows.map((r) => ({ kind: r.type, at: r.at })));
    });
    return { accepted: rows.length };
  }
}
