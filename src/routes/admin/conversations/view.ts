// Allow-listed operator shapes of stored conversations and messages.
import type { ConversationRow, MessageRow } from "../../../domain/conversations";
import { HttpError, invalidCursor } from "../../../lib/http-error";

import type { AdminMessage, ConversationHead } from "./model";
import { iso } from "../../../lib/text";
import { publicAttachment } from "../../../domain/attachments";

/** adminMessage builds a message for operators: the internal flag, never the operator's account id. */
export function adminMessage(m: MessageRow, internals?: Record<string, unknown> | null): AdminMessage {
  const out: AdminMessage = {
    id: m.id,
    conversationId: m.conversationId,
    author: { kind: m.authorKind, name: m.authorName, avatarUrl: m.authorAvatarUrl },
    body: m.body,
    internal: m.internal,
    createdAt: iso(m.createdAt),
  };
  if (m.clientId) out.clientId = m.clientId;
  if (m.sources?.length) out.sources = m.sources;
  if (m.attachments?.length) out.attachments = m.attachments.map(publicAttachment);
  if (internals) {
    const { trace, ...rest } = internals;
    if (trace) out.trace = trace as AdminMessage["trace"];
    if (Object.keys(rest).length) out.internals = rest;
  }
  return out;
}

/** isSnoozed: open, and put aside until a time still to come. */
export const isSnoozed = (c: Pick<ConversationRow, "status" | "snoozedUntil">, now: number) => c.status === "open" && c.snoozedUntil !== null && c.snoozedUntil > now;

/** conversationHead builds a conversation's own facts as operators see them at now (snoozed while its time is to come). */
export const conversationHead = (c: Pick<ConversationRow, "id" | "workspaceId" | "status" | "kind" | "createdAt" | "updatedAt" | "handler" | "waitingForTeam" | "snoozedUntil">, now: number): ConversationHead => ({
  id: c.id,
  workspaceId: c.workspaceId,
  status: isSnoozed(c, now) ? "snoozed" : c.status,
  snoozedUntil: isSnoozed(c, now) ? iso(c.snoozedUntil!) : null,
  kind: c.kind,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
  handler: c.handler,
  waitingForTeam: c.waitingForTeam,
});

/** conversationNotFound answers for a conversation the operator may not see, as for one that does not exist. */
export const conversationNotFound = () => new HttpError(404, "conversation_not_found", "No such conversation.");

/** Inbox cursors are opaque: inside, whether the last row waits for a person, its activity time
 *  and its public id (never the server-wide sequence number, which would tell one workspace how
 *  busy the others are). */
export const encodeInboxCursor = (waiting: boolean, updatedAt: number, id: string) => btoa(`i${waiting ? 1 : 0}.${updatedAt}.${id}`).replace(/=+$/, "");

/** badInboxCursor answers a cursor that is not one this server gives out. */
const badInboxCursor = () => invalidCursor("after", "this server");

/** decodeInboxCursor reads a cursor this server gave out, or answers 422. */
export function decodeInboxCursor(cursor: string): { waiting: boolean; updatedAt: number; id: string } {
  let text = "";
  try {
    text = atob(cursor);
  } catch {
    /* falls through to the error below */
  }
  const m = /^i([01])\.(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!m) throw badInboxCursor();
  return { waiting: m[1] === "1", updatedAt: Number(m[2]), id: m[3]! };
}
