// One live feed per visitor, shared by that visitor's open streams: each change is filtered
// and counted once per visitor, whatever the number of its streams or of the workspace's widgets.
import { eq, sql } from "drizzle-orm";
import { workspaces } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { canSee, publicConversation, publicMessage } from "../../../domain/conversations";
import { readSettings } from "../../../domain/settings";
import type { Visitor } from "../../../domain/visitors";
import { topics } from "../../../realtime/hub";
import type { VisitorTopicEvent, WidgetEvent } from "../../../realtime/publish";
import type { SseChannel } from "../../../realtime/sse";

/** VisitorFeeds keeps one feed per visitor with an open stream. */
export class VisitorFeeds {
  private feeds = new Map<string, Feed>();
  private settingsOf;
  constructor(private ctx: AppContext) {
    this.settingsOf = ctx.store.db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, sql.placeholder("id"))).prepare();
  }

  /** join adds a stream to its visitor's feed (made on first use) and returns how to leave it; recheck
   *  throws once the stream's caller may no longer listen (asked before each change is delivered). */
  join(visitor: Visitor, channel: SseChannel, recheck: () => Promise<void>): () => void {
    // note: a visitor that became a contact since its other streams opened hears that contact too: one feed per pair.
    const key = `${visitor.id}:${visitor.contactId ?? ""}`;
    let feed = this.feeds.get(key);
    if (!feed) this.feeds.set(key, (feed = new Feed(this.ctx, visitor, (id) => this.survey(id))));
    feed.add(channel, recheck);
    return () => {
      if (feed.remove(channel)) this.feeds.delete(key);
    };
  }

  private async survey(workspaceId: string) {
    return readSettings((await this.settingsOf.get({ id: workspaceId }))?.settings).survey;
  }
}

class Feed {
  private channels = new Map<SseChannel, () => Promise<void>>();
  // note: changes are handled one after another, so a stream sees them in the order they happened.
  private tail: Promise<void> = Promise.resolve();
  private offs: (() => void)[];

  constructor(
    private ctx: AppContext,
    private visitor: Visitor,
    private survey: (workspaceId: string) => Promise<unknown>,
  ) {
    const id = visitor.id;
    this.offs = [ctx.hub.subscribe<VisitorTopicEvent>(topics.visitor(id), (e) => this.hear(e))];
    if (visitor.contactId) {
      // note: the visitor's own conversations also arrive on its own topic; heard there once.
      this.offs.push(ctx.hub.subscribe<WidgetEvent>(topics.contact(visitor.contactId), (e) => e.conversation.visitorId !== id && this.hear(e)));
    }
  }

  add(channel: SseChannel, recheck: () => Promise<void>) {
    this.channels.set(channel, recheck);
    this.queue(async () => channel.send("unread", { unreadCount: await this.ctx.conversations.unreadTotal(this.visitor) }));
  }

  /** remove drops a stream and answers whether the feed is now empty (and closed). */
  remove(channel: SseChannel): boolean {
    this.channels.delete(channel);
    if (this.channels.size > 0) return false;
    for (const off of this.offs) off();
    return true;
  }

  // note: synchronous, so a change costs its listeners a comparison until it is theirs.
  private hear(e: VisitorTopicEvent) {
    if (e.type !== "unread" && !canSee(this.visitor, e.conversation)) return;
    this.queue(() => this.deliver(e));
  }

  private queue(task: () => Promise<void>) {
    this.tail = this.tail.then(task).catch((error) => this.ctx.log(`woes: visitor feed failed: ${String(error)}`));
  }

  private broadcast(event: string, data: unknown) {
    for (const channel of this.channels.keys()) channel.send(event, data);
  }

  private async sendUnread() {
    this.broadcast("unread", { unreadCount: await this.ctx.conversations.unreadTotal(this.visitor) });
  }

  // note: a stream whose key was revoked or whose token was replaced since it opened is closed before a change
  // reaches it (the lookups are cached, and a revocation or a resume clears the caches).
  private async admitted() {
    await Promise.all([...this.channels].map(([channel, recheck]) => recheck().catch(() => channel.close())));
  }

  private async deliver(e: VisitorTopicEvent) {
    await this.admitted();
    if (e.type === "unread") return this.sendUnread();
    // note: an agent's typing and its draft text so far: never stored, never anything but these fields.
    if (e.type === "typing") return this.broadcast("typing", { conversationId: e.conversation.id, author: e.author });
    if (e.type === "message_delta") return this.broadcast("message_delta", { conversationId: e.conversation.id, draftId: e.draftId, text: e.text });
    const unread = await this.ctx.conversations.unreadIn(this.visitor.id, e.conversation.id);
    // note: a message event's message is its conversation's last (internal notes never reach these topics).
    const conversation = publicConversation(e.conversation, unread, e.type === "message" ? e.message : undefined);
    if (e.type === "message") this.broadcast("message", { message: publicMessage(e.message), conversation });
    // note: a close tells which survey to ask, as the workspace has it now (it may have changed since the page loaded).
    else if (e.conversation.status === "closed") this.broadcast("conversation", { conversation, survey: await this.survey(e.conversation.workspaceId) });
    else this.broadcast("conversation", { conversation });
    if (e.type === "message" && e.message.authorKind !== "customer") await this.sendUnread();
  }
}
