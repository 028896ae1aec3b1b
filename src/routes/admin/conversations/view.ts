// Allow-listed operator shapes of stored conversations and messages.
import type { ConversationRow, MessageRow } from "../../../domain/conversations";
import { HttpError } from "../../../lib/http-error";

import type { AdminMessage, ConversationHead } from "./model";
import { iso } from "../../../lib/text";

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
  if (internals) {
    const { trace, ...rest } = internals;
    if (trace) out.trace = trace as AdminMessage["trace"];
    if (Object.keys(rest).length) out.internals = rest;
  }
  return out;
}

/** conversationHead builds a conversation's own facts. */
export const conversationHead = (c: Pick<ConversationRow, "id" | "workspaceId" | "status" | "kind" | "createdAt" | "updatedAt" | "handler" | "waitingForTeam">): ConversationHead => ({
  id: c.id,
  workspaceId: c.workspaceId,
  status: c.status,
  kind: c.kind,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
  handler: c.handler,
  waitingForTeam: c.waitingForTeam,
});

/** conversationNotFound answers for a conversation the operator may not see, as for one that does not exist. */
export const conversationNotFound = () => new HttpError(404, "conversation_not_found", "No such conversation.");

/** Inbox cursors are opaque: inside, whether the last row waits for a person, its activity time and sequence number. */
export const encodeInboxCursor = (updatedAt: number, seq: number, waiting = false) => btoa(`i${waiting ? 1 : 0}.${updatedAt}.${seq}`).replace(/=+$/, "");

/** decodeInboxCursor reads a cursor this server gave out, or answers 422. */
export function decodeInboxCursor(cursor: string): { updatedAt: number; seq: number; waiting: boolean } {
  let text = "";
  try {
    text = atob(cursor);
  } catch {
    /* falls through to the error below */
  }
  const m = /^i(?:([01])\.)?(\d{1,15})\.(\d{1,15})$/.exec(text);
  if (!m) throw new HttpError(422, "invalid_cursor", "The cursor is not one this server gave out.", "after");
  return { waiting: m[1] === "1", updatedAt: Number(m[2]), seq: Number(m[3]) };
}
