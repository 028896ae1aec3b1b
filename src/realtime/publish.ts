// What the app announces when a conversation changes: operators hear all, the widget only the public part.
// note: a change is announced from inside the write that makes it: the hub delivers it once that write committed (on
// Postgres, sent inside its transaction), so every instance hears the changes in the order they were committed.
import type { AppContext } from "../context";
import type { ConversationRow, MessageRow } from "../domain/conversations";
import type { SharedCount } from "../plugins/rate-limit";
import type { Beat } from "../routes/widget/presence/book";
import { topics } from "./hub";

/** WidgetEvent travels on the topics of the conversation's visitor and contact. */
export type WidgetEvent =
  | { type: "message"; conversation: ConversationRow; message: MessageRow }
  | { type: "conversation"; conversation: ConversationRow }
  | { type: "typing"; conversation: ConversationRow; author: { kind: "agent" | "operator"; name: string; avatarUrl?: string } }
  | { type: "message_delta"; conversation: ConversationRow; draftId: string; text: string };

/** AdminEvent travels on the admin topic of a workspace; typing there is the visitor's. */
export type AdminEvent =
  | (Extract<WidgetEvent, { type: "message" | "conversation" }> & { internal?: boolean })
  | { type: "typing"; conversation: ConversationRow; author: { kind: "customer" } };

/** UnreadEvent tells one visitor's streams that its read marks moved. */
export interface UnreadEvent {
  type: "unread";
}

/** VisitorTopicEvent is anything published on a visitor's topic. */
export type VisitorTopicEvent = WidgetEvent | UnreadEvent;

// note: every public event of a conversation goes to its visitor's topic, and to its contact's
// when it has one; a stream of that visitor (or of the contact's other devices) listens there,
// so the work per event follows its listeners, not the workspace's open widgets.
function toWidget(ctx: AppContext, conversation: ConversationRow, event: WidgetEvent) {
  ctx.hub.publish<WidgetEvent>(topics.visitor(conversation.visitorId), event);
  if (conversation.contactId) ctx.hub.publish<WidgetEvent>(topics.contact(conversation.contactId), event);
}

/** publishMessage announces a new message; internal notes go to operators only. */
export function publishMessage(ctx: AppContext, conversation: ConversationRow, message: MessageRow) {
  const event: WidgetEvent = { type: "message", conversation, message };
  ctx.store.whenCommitted(() => ctx.history.append(message));
  ctx.hub.publish<AdminEvent>(topics.admin(conversation.workspaceId), { ...event, internal: message.internal });
  if (!message.internal) toWidget(ctx, conversation, event);
  ctx.store.whenCommitted(() => ctx.mail.onMessage(conversation, message));
}

/** publishConversation announces a status change. */
export function publishConversation(ctx: AppContext, conversation: ConversationRow) {
  const event: WidgetEvent = { type: "conversation", conversation };
  ctx.hub.publish<AdminEvent>(topics.admin(conversation.workspaceId), event);
  toWidget(ctx, conversation, event);
}

/** publishToOperators announces a change only operators see (an assignment) on the workspace's admin topic. */
export function publishToOperators(ctx: AppContext, conversation: ConversationRow) {
  ctx.hub.publish<AdminEvent>(topics.admin(conversation.workspaceId), { type: "conversation", conversation });
}

/** publishTyping shows the visitor that the conversation's agent or an operator is writing; never stored. */
export function publishTyping(ctx: AppContext, conversation: ConversationRow, author: Extract<WidgetEvent, { type: "typing" }>["author"]) {
  toWidget(ctx, conversation, { type: "typing", conversation, author });
}

/** publishVisitorTyping shows operators that the visitor is writing; never stored. */
export function publishVisitorTyping(ctx: AppContext, conversation: ConversationRow) {
  ctx.hub.publish<AdminEvent>(topics.admin(conversation.workspaceId), { type: "typing", conversation, author: { kind: "customer" } });
}

/** publishDelta streams an agent's answer so far to the visitor; the stored message follows. */
export function publishDelta(ctx: AppContext, conversation: ConversationRow, draftId: string, text: string) {
  toWidget(ctx, conversation, { type: "message_delta", conversation, draftId, text });
}

/** publishUnread tells a visitor's open streams to refresh their unread count. */
export function publishUnread(ctx: AppContext, visitorId: string) {
  ctx.hub.publish<UnreadEvent>(topics.visitor(visitorId), { type: "unread" });
}

/** Forget names what every instance must stop remembering: every key (after a key, workspace or agent changed), one
 *  visitor's records (its token was replaced), an erased visitor's records and heartbeat, a contact's visitors, or a
 *  conversation's history and access facts (it joined a contact, or was erased). */
export type Forget = { keys: true } | { visitor: string } | { erased: string } | { contact: string } | { conversation: string };

/** forgetEverywhere drops what f names from this instance's caches at once, and from every other instance's over the
 *  hub (on Postgres, N instances share one database; on SQLite the hub is this process alone). */
export function forgetEverywhere(ctx: AppContext, f: Forget) {
  ctx.hub.publish<Forget>(topics.caches, f);
}

/** forgetting applies what forgetEverywhere published; the context subscribes it to the caches topic. */
export function forgetting(ctx: AppContext) {
  return (f: Forget) => {
    if ("keys" in f) ctx.keys.invalidate();
    else if ("visitor" in f) ctx.visitors.forgetVisitor(f.visitor);
    else if ("erased" in f) ctx.visitors.forgetVisitor(f.erased), ctx.presence.forget(f.erased);
    else if ("contact" in f) ctx.visitors.forgetContact(f.contact);
    else ctx.history.forget(f.conversation), ctx.conversations.forgetRefs([f.conversation]);
  };
}

// note: counts are gathered for this long and told in one message, so a busy instance sends a few messages a second.
const SHARE_EVERY_MS = 5;

/** shareLimits makes the abuse limits hold across instances: each count this instance adds is told to the others
 *  (in batches, within milliseconds), which add it to their own. Without other instances it does nothing. */
export function shareLimits(ctx: AppContext) {
  const broadcast = ctx.hub.broadcast?.bind(ctx.hub);
  if (!broadcast) return;
  let batch: SharedCount[] = [];
  ctx.limiter.share = (count) => {
    if (batch.push(count) > 1) return;
    setTimeout(() => {
      broadcast(topics.limits, batch);
      batch = [];
    }, SHARE_EVERY_MS);
  };
  ctx.hub.subscribe<SharedCount[]>(topics.limits, (counts) => ctx.limiter.absorb(counts));
}

/** sharePresence tells the other instances of each heartbeat that changes whether or where a visitor is online, so
 *  they list it, and know it left, at once rather than after the next flush (see PresenceBook.beat). Without other
 *  instances it does nothing. */
export function sharePresence(ctx: AppContext) {
  const broadcast = ctx.hub.broadcast?.bind(ctx.hub);
  if (!broadcast) return;
  ctx.presence.share = (beat) => broadcast(topics.presence, beat);
  ctx.hub.subscribe<Beat>(topics.presence, (beat) => ctx.presence.absorb(beat));
}
