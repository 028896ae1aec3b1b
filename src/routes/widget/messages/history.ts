// Reading messages: cursor-paged history, long poll, and the visitor's server-sent event stream.
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { messages } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { canSee, decodeCursor, encodeCursor, publicConversation, publicMessage } from "../../../domain/conversations";
import { renderMessage, type CachedPage } from "../../../domain/history-cache";
import type { Visitor } from "../../../domain/visitors";
import { topics } from "../../../realtime/hub";
import type { UnreadEvent, WidgetEvent } from "../../../realtime/publish";
import { sseResponse } from "../../../realtime/sse";
import type { HistoryQuery } from "./model";

/** HistoryService answers history reads and live streams for visitors. */
export class HistoryService {
  private page;
  constructor(private ctx: AppContext) {
    this.page = ctx.store.db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, sql.placeholder("conversationId")),
          eq(messages.internal, false),
          gt(messages.seq, sql.placeholder("after")),
        ),
      )
      .orderBy(asc(messages.seq))
      .limit(sql.placeholder("limit"))
      .prepare();
  }

  /** history returns public messages after the cursor, oldest first; with wait, it long-polls. */
  async history(visitor: Visitor, q: HistoryQuery, signal: AbortSignal, headers: Record<string, string>): Promise<Response> {
    const conversation = await this.ctx.conversations.visibleRef(visitor, q.conversation);
    const after = q.after ? decodeCursor(q.after) : 0;
    const limit = q.limit ?? 50;
    let page = await this.read(conversation.id, after, limit);
    if (page.json.length === 0 && q.wait) {
      await this.waitForMessage(conversation.workspaceId, conversation.id, q.wait * 1000, signal);
      page = await this.read(conversation.id, after, limit);
    }
    // note: the message texts were checked against the PublicMessage schema when they were
    // rendered (see HistoryCache), so the answer is assembled from them as they are.
    const body = `{"messages":[${page.json.join(",")}],"nextCursor":"${encodeCursor(page.lastSeq)}","hasMore":${page.hasMore}}`;
    return new Response(body, { headers: { "content-type": "application/json; charset=utf-8", ...headers } });
  }

  private async read(conversationId: string, after: number, limit: number): Promise<CachedPage> {
    const cached = this.ctx.history.page(conversationId, after, limit);
    if (cached) return cached;
    const rows = await this.page.all({ conversationId, after, limit: limit + 1 });
    const shown = rows.slice(0, limit);
    return { json: shown.map(renderMessage), lastSeq: shown.at(-1)?.seq ?? after, hasMore: rows.length > limit };
  }

  private waitForMessage(workspaceId: string, conversationId: string, ms: number, signal: AbortSignal) {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        signal.removeEventListener("abort", done);
        resolve();
      };
      const unsubscribe = this.ctx.hub.subscribe<WidgetEvent>(topics.widget(workspaceId), (e) => {
        if (e.type === "message" && e.conversation.id === conversationId) done();
      });
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** stream opens the visitor's live feed: `message`, `conversation` and `unread` events. */
  stream(visitor: Visitor, signal: AbortSignal, headers: Record<string, string>): Response {
    return sseResponse(
      signal,
      this.ctx.heartbeatMs,
      (channel) => {
        const sendUnread = async () => channel.send("unread", { unreadCount: await this.ctx.conversations.unreadTotal(visitor) });
        const offWidget = this.ctx.hub.subscribe<WidgetEvent>(topics.widget(visitor.workspaceId), async (e) => {
          if (!canSee(visitor, e.conversation)) return;
          const unread = await this.ctx.conversations.unreadByConversation(visitor.id, [e.conversation.id]);
          const conversation = publicConversation(e.conversation, unread.get(e.conversation.id) ?? 0);
          if (e.type === "message") channel.send("message", { message: publicMessage(e.message), conversation });
          else channel.send("conversation", { conversation });
          if (e.type === "message" && e.message.authorKind !== "customer") await sendUnread();
        });
        const offVisitor = this.ctx.hub.subscribe<UnreadEvent>(topics.visitor(visitor.id), () => void sendUnread());
        void sendUnread();
        return () => {
          offWidget();
          offVisitor();
        };
      },
      headers,
    );
  }
}
