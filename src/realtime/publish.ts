// What the app announces when a conversation changes: operators hear all, the widget only the public part.
import type { AppContext } from "../context";
import type { ConversationRow, MessageRow } from "../domain/conversations";
import { topics } from "./hub";

/** WidgetEvent travels on the widget topic; the stream filters it per visitor. */
export type WidgetEvent =
  | { type: "message"; conversation: ConversationRow; message: MessageRow }
  | { type: "conversation"; conversation: ConversationRow }
  | { type: "typing"; conversation: ConversationRow; author: { kind: "agent"; name: string; avatarUrl?: string } }
  | { type: "message_delta"; conversation: ConversationRow; draftId: string; text: string };

/** AdminEvent travels on the admin topic of a workspace. */
export type AdminEvent = Extract<WidgetEvent, { type: "message" | "conversation" }> & { internal?: boolean };

/** UnreadEvent tells one visitor's streams that its read marks moved. */
export interface UnreadEvent {
  type: "unread";
}

/** publishMessage announces a new message; internal notes go to operators only. */
export function publishMessage(ctx: AppContext, conversation: ConversationRow, message: MessageRow) {
  const event: WidgetEvent = { type: "message", conversation, message };
  ctx.history.append(message);
  ctx.hub.publish<AdminEvent>(topics.admin(conversation.workspaceId), { ...event, internal: message.internal });
  if (!message.internal) ctx.hub.publish<WidgetEvent>(topics.widget(conversation.workspaceId), event);
}

/** publishConversation announces a status change. */
export function publishConversation(ctx: AppContext, conversation: ConversationRow) {
  const event: WidgetEvent = { type: "conversation", conversation };
  ctx.hub.publish<AdminEvent>(topics.admin(conversation.workspaceId), event);
  ctx.hub.publish<WidgetEvent>(topics.widget(conversation.workspaceId), event);
}

/** publishUnread tells a visitor's open streams to refresh their unread count. */
export function publishUnread(ctx: AppContext, visitorId: string) {
  ctx.hub.publish<UnreadEvent>(topics.visitor(visitorId), { type: "unread" });
}
