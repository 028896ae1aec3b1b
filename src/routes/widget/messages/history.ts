// Reading messages: cursor-paged history, long poll, and the visitor's server-sent event stream.
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { messages } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { renderMessage, type CachedPage } from "../../../domain/history-cache";
import type { Visitor } from "../../../domain/visitors";
import { topics } from "../../../realtime/hub";
import type { VisitorTopicEvent } from "../../../realtime/publish";
import { LiveSlots } from "../../../realtime/slots";
import { sseResponse } from "../../../realtime/sse";
import { HttpError, invalidCursor } from "../../../lib/http-error";
import { checkKey, type WidgetCaller } from "../../../plugins/widget";
import { VisitorFeeds } from "./feed";
import type { HistoryQuery } from "./model";

/** START_CURSOR reads a conversation from its first message. */
export const START_CURSOR = "0";

/** MAX_KEPT_ANSWER is the longest history answer (in UTF-16 units) kept encoded with its page. */
const MAX_KEPT_ANSWER = 64 * 1024;

const encoder = new TextEncoder();

/** Recheck throws the 401 or 403 the caller would get now, or returns when it may still listen. */
export type Recheck = () => Promise<void>;

/** recheckOf asks again whether the caller's token still names visitorId and its key is still live for origin
 *  (both looked up through their caches, which a revocation or a resume clears). */
export function recheckOf(ctx: AppContext, caller: WidgetCaller, visitorId: string, origin: string | null): Recheck {
  return async () => {
    const key = checkKey(caller.key.key, await ctx.keys.resolve(caller.key.key), origin);
    const now = caller.token ? await ctx.visitors.byToken(caller.token) : null;
    if (now?.id !== visitorId || now.workspaceId !== key.workspace.id) {
      throw new HttpError(401, "visitor_unauthorized", "Start a widget session first: the visitor token is missing or not valid.");
    }
  };
}

/** HistoryService answers history reads and live streams for visitors. */
export class HistoryService {
  private page;
  private cursorSeq;
  private feeds;
  // note: one count per app, shared by streams and waiting long polls.
  private slots;
  private answers = new WeakMap<CachedPage, Uint8Array<ArrayBuffer>>();
  constructor(private ctx: AppContext) {
    this.feeds = new VisitorFeeds(ctx);
    this.slots = new LiveSlots(ctx.config.streams.perVisitor, ctx.config.streams.perAddress);
    this.cursorSeq = ctx.store.db
      .select({ seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.id, sql.placeholder("id")), eq(messages.conversationId, sql.placeholder("conversationId")), eq(messages.internal, false)))
      .prepare();
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

  /** history returns public messages after the cursor, oldest first; with wait, it long-polls until the request
   *  ends at the latest (its signal, asked for only then: on Bun, a request's signal is made on first use). */
  async history(visitor: Visitor, q: HistoryQuery, request: Request, headers: Record<string, string>, address: () => string, recheck: Recheck): Promise<Response> {
    const conversation = await this.ctx.conversations.visibleRef(visitor, q.conversation);
    const after = q.after ? await this.seqOf(conversation.id, q.after) : 0;
    const limit = q.limit ?? 50;
    // note: a long poll listens before its first read, so a reply landing in between wakes it.
    const wake = q.wait ? this.waitForMessage(conversation.visitorId, conversation.id, q.wait * 1000, request.signal) : null;
    let page = await this.read(conversation.id, after, limit);
    if (wake && page.json.length === 0) {
      const release = this.slot(visitor, address, wake.cancel);
      try {
        await wake.promise;
      } finally {
        release();
      }
      // note: a poll that waited may have outlived its key or its token.
      await recheck();
      page = await this.read(conversation.id, after, limit);
    }
    wake?.cancel();
    // note: the message texts are publicMessage() JSON (see HistoryCache); the answer is
    // assembled from them as they are, and held to HistoryAnswer by the widget answers test.
    return new Response(this.answer(page, q.after), { headers: { "content-type": "application/json; charset=utf-8", ...headers } });
  }

  // note: a page that shows messages is answered the same whatever cursor led to it, so the encoded answer of a page
  // from the cache (shared until its conversation changes) is kept with it: the reloads and tabs that read a
  // conversation again are sent bytes ready made. Without messages, the cursor asked for is the next, and the answer
  // is a few bytes; a page read from the database is a new one each time, so nothing is kept for it.
  private answer(page: CachedPage, after: string | undefined): Uint8Array<ArrayBuffer> | string {
    const kept = page.shared && this.answers.get(page);
    if (kept) return kept;
    const cursor = page.lastId ?? after ?? START_CURSOR;
    const body = `{"messages":[${page.json.join(",")}],"nextCursor":${JSON.stringify(cursor)},"hasMore":${page.hasMore}}`;
    if (!page.shared || page.lastId === null || body.length > MAX_KEPT_ANSWER) return body;
    const bytes = encoder.encode(body);
    this.answers.set(page, bytes);
    return bytes;
  }

  // note: a cursor is the public id of the last message seen, so it says nothing about the
  // server's other conversations; it is only valid in the conversation it came from.
  private async seqOf(conversationId: string, cursor: string): Promise<number> {
    if (cursor === START_CURSOR) return 0;
    const seq = this.ctx.history.seqOf(conversationId, cursor) ?? (await this.cursorSeq.get({ id: cursor, conversationId }))?.seq;
    if (seq === undefined) throw invalidCursor("after", "this conversation");
    return seq;
  }

  // note: a refused caller's listener is dropped at once, so nothing waits on its behalf.
  private slot(visitor: Visitor, address: () => string, cancel: () => void) {
    try {
      return this.slots.acquire(visitor.id, address());
    } catch (error) {
      cancel();
      throw error;
    }
  }

  private async read(conversationId: string, after: number, limit: number): Promise<CachedPage> {
    const cached = await this.ctx.history.page(conversationId, after, limit);
    if (cached) return cached;
    const rows = await this.page.all({ conversationId, after, limit: limit + 1 });
    const shown = rows.slice(0, limit);
    return { json: shown.map(renderMessage), lastId: shown.at(-1)?.id ?? null, hasMore: rows.length > limit };
  }

  private waitForMessage(visitorId: string, conversationId: string, ms: number, signal: AbortSignal) {
    let cancel = () => {};
    const promise = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        signal.removeEventListener("abort", done);
        resolve();
      };
      // note: every public event of a conversation reaches its visitor's topic.
      const unsubscribe = this.ctx.hub.subscribe<VisitorTopicEvent>(topics.visitor(visitorId), (e) => {
        if (e.type === "message" && e.conversation.id === conversationId) done();
      });
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      cancel = done;
    });
    return { promise, cancel };
  }

  /** stream opens the visitor's live feed: `message`, `conversation` and `unread` events; it ends before the
   *  next change, or at the next heartbeat, once the caller's key or token stopped being good (the widget's
   *  reconnect then gets the 401). */
  stream(visitor: Visitor, signal: AbortSignal, headers: Record<string, string>, address: () => string, recheck: Recheck): Response {
    const release = this.slots.acquire(visitor.id, address());
    return sseResponse(
      signal,
      this.ctx.heartbeatMs,
      (channel) => {
        const leave = this.feeds.join(visitor, channel);
        return () => {
          leave();
          release();
        };
      },
      { headers, stillAllowed: () => recheck().then(() => true, () => false), hub: this.ctx.hub },
    );
  }
}
