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

  /** join adds a stream to its visitor's feed (made on first use) and returns how to leave it. */
  join(visitor: Visitor, channel: SseChannel): () => void {
    // note: a visitor that became a contact since its other streams opened hears that contact too: one feed per pair.
    const key = `${visitor.id}:${visitor.contactId ?? ""}`;
    let feed = this.feeds.get(key);
    if (!feed) this.feeds.set(key, (feed = new Feed(this.ctx, visitor, (id) => this.survey(id))));
    feed.add(channel);
    return () => {
      if (feed.remove(channel)) this.feeds.delete(key);
    };
  }

  private async survey(workspaceId: string) {
    return readSettings((await this.settingsOf.get({ id: workspaceId }))?.settings).survey;
  }
}

class Feed {
  private channels = new Set<SseChannel>();
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

  add(channel: SseChannel) {
    this.channels.add(channel);
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
    for (const channel of this.channels) channel.send(event, data);
  }

  private async sendUnread() {
    this.broadcast("unread", { unreadCount: await this.ctx.conversations.unreadTotal(this.visitor) });
  }

  // note: each stream asks again whether its caller may listen before an event reaches it (see sseResponse).
  private async deliver(e: VisitorTopicEvent) {
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
