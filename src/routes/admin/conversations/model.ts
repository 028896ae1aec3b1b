// Conversations as operators see them: internal notes, message internals and visitor details included.
import * as v from "valibot";
import { VisitorDetail, VisitorSummary } from "../visitors/model";
import { Id } from "../shared";
import { Trace } from "../../../agents/trace";

/** AttachmentShape is a file sent with a message; `url` works with the operator's credentials. */
const AttachmentShape = v.object({ id: v.string(), name: v.string(), contentType: v.string(), size: v.number(), url: v.string() });

/** InboxQuery filters and pages the inbox. */
export const InboxQuery = v.object({
  workspace: v.optional(Id),
  status: v.optional(v.picklist(["open", "snoozed", "closed"], "open, snoozed or closed")),
  /** tag lists only conversations with this tag. */
  tag: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(1), v.maxLength(40))),
  after: v.optional(v.pipe(v.string(), v.maxLength(60))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, "a whole number from 1 to 100"), v.transform(Number), v.minValue(1), v.maxValue(100))),
  handler: v.optional(v.picklist(["agent", "team"], "agent or team")),
  /** waiting: true lists only conversations waiting for a person (handed to the team and not answered since). */
  waiting: v.optional(v.picklist(["true"], "true")),
  /** assignee: me, none (unassigned) or an account id. */
  assignee: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "me, none or an account id"))),
});
export type InboxQuery = v.InferOutput<typeof InboxQuery>;

/** StreamQuery narrows the inbox stream to one workspace. */
export const StreamQuery = v.object({ workspace: v.optional(Id) });

/** DetailQuery pages a conversation's messages: before is a detail's olderCursor; limit 1 to 100 (default 100). */
export const DetailQuery = v.object({
  before: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "a cursor this conversation gave out"))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, "a whole number from 1 to 100"), v.transform(Number), v.minValue(1), v.maxValue(100))),
});
export type DetailQuery = v.InferOutput<typeof DetailQuery>;

/** ConversationParams names a conversation. */
export const ConversationParams = v.object({ id: Id });

/** ReplyBody is an operator reply, or an internal note that never reaches the widget. */
// note: a reply may be files alone; then its text may be empty.
export const ReplyBody = v.pipe(v.object({
  body: v.pipe(v.string(), v.trim(), v.maxLength(5000, "a message of 1 to 5000 characters")),
  internal: v.optional(v.boolean()),
  /** attachments: files this operator uploaded to the conversation and has not sent yet. */
  attachments: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))), v.maxLength(10, "at most 10 attachments"))),
}), v.forward(v.partialCheck([["body"], ["attachments"]], (r) => r.body.length > 0 || (r.attachments?.length ?? 0) > 0, "a message of 1 to 5000 characters"), ["body"]));
export type ReplyBody = v.InferOutput<typeof ReplyBody>;

/** AdminMessage is a message as operators see it; internals only in a conversation's detail. */
export const AdminMessage = v.object({
  id: v.string(),
  conversationId: v.string(),
  author: v.object({ kind: v.picklist(["customer", "operator", "agent", "system"]), name: v.nullable(v.string()), avatarUrl: v.nullable(v.string()) }),
  body: v.string(),
  internal: v.boolean(),
  createdAt: v.string(),
  clientId: v.optional(v.string()),
  internals: v.optional(v.record(v.string(), v.unknown())),
  sources: v.optional(v.array(v.object({ title: v.string(), url: v.string() }))),
  attachments: v.optional(v.array(AttachmentShape)),
  /** trace is how an agent answer (or a failed attempt, on the handoff message) came about. */
  trace: v.optional(Trace),
});
export type AdminMessage = v.InferOutput<typeof AdminMessage>;

/** ConversationHead is a conversation's own facts, as the stream announces them. */
export const ConversationHead = v.object({
  id: v.string(),
  workspaceId: v.string(),
  status: v.picklist(["open", "snoozed", "closed"]),
  /** snoozedUntil: when a snoozed conversation comes back open by itself. */
  snoozedUntil: v.nullable(v.string()),
  kind: v.picklist(["chat", "ticket"]),
  createdAt: v.string(),
  updatedAt: v.string(),
  /** handler: who answers an agent's conversation (null: it never had an agent). */
  handler: v.nullable(v.picklist(["agent", "team"])),
  /** waitingForTeam: handed to the team and no operator has replied since. */
  waitingForTeam: v.boolean(),
});
export type ConversationHead = v.InferOutput<typeof ConversationHead>;

const Fields = v.nullable(v.record(v.string(), v.unknown()));
const Agent = v.nullable(v.object({ id: v.string(), name: v.string() }));
/** Assignee is the account a conversation is assigned to, or null. */
export const Assignee = v.nullable(v.object({ id: v.string(), name: v.string() }));
export type Assignee = v.InferOutput<typeof Assignee>;

/** InboxItem is one inbox row; unreadCount counts customer messages after what the caller has seen. */
export const InboxItem = v.object({
  ...ConversationHead.entries,
  visitor: VisitorSummary,
  agent: Agent,
  assignee: Assignee,
  tags: v.array(v.string()),
  lastMessage: v.nullable(AdminMessage),
  fields: Fields,
  ticketForm: v.nullable(v.string()),
  unreadCount: v.number(),
});
export type InboxItem = v.InferOutput<typeof InboxItem>;

/** InboxAnswer is a page of the inbox, newest activity first. */
export const InboxAnswer = v.object({ conversations: v.array(InboxItem), nextCursor: v.nullable(v.string()), hasMore: v.boolean() });
export type InboxAnswer = v.InferOutput<typeof InboxAnswer>;

const Survey = v.object({ kind: v.picklist(["csat", "nps"]), score: v.number(), comment: v.nullable(v.string()), createdAt: v.string() });

/** ConversationDetail is everything operators may know about a conversation. */
export const ConversationDetail = v.object({
  ...ConversationHead.entries,
  visitor: VisitorDetail,
  agent: Agent,
  assignee: Assignee,
  tags: v.array(v.string()),
  fields: Fields,
  ticket: v.nullable(v.object({ form: v.string(), title: v.nullable(v.string()), fields: v.record(v.string(), v.string()), labels: v.record(v.string(), v.string()) })),
  /** messages is a page of the conversation, oldest first: the newest ones, or those before the asked-for cursor. */
  messages: v.array(AdminMessage),
  /** olderCursor asks for the page before this one (`?before=`); null when hasOlder is false. */
  olderCursor: v.nullable(v.string()),
  hasOlder: v.boolean(),
  surveys: v.array(Survey),
  /** survey is the most recent survey response, for the console's panel. */
  survey: v.nullable(Survey),
});
export type ConversationDetail = v.InferOutput<typeof ConversationDetail>;

/** DetailAnswer answers GET /conversations/:id. */
export const DetailAnswer = v.object({ conversation: ConversationDetail });

/** MessageAnswer answers a reply. */
export const MessageAnswer = v.object({ message: AdminMessage });

/** HeadAnswer answers close and reopen. */
export const HeadAnswer = v.object({ conversation: ConversationHead });

/** HandoffBody hands a conversation to the team or back to its agent. */
export const HandoffBody = v.object({ to: v.picklist(["agent", "team"], "agent or team") });
export type HandoffBody = v.InferOutput<typeof HandoffBody>;

/** AssignBody assigns a conversation to a member of its workspace, or to nobody. */
export const AssignBody = v.object({ accountId: v.nullable(Id) });
export type AssignBody = v.InferOutput<typeof AssignBody>;

/** AssignAnswer answers an assignment. */
export const AssignAnswer = v.object({ conversation: v.object({ ...ConversationHead.entries, assignee: Assignee }) });

/** SeenBody says how far the caller has seen (absent: the latest message). */
export const SeenBody = v.nullish(v.object({ messageId: v.optional(Id) }));
export type SeenBody = v.InferOutput<typeof SeenBody>;

/** Tag is a conversation tag: 1 to 40 letters, digits, spaces, - or _, kept in lower case. */
export const Tag = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u, "a tag of 1 to 40 letters, digits, spaces, - or _"));

/** PatchBody changes a conversation's tags (the whole set). */
export const PatchBody = v.object({ tags: v.pipe(v.array(Tag), v.maxLength(20, "at most 20 tags")) });
export type PatchBody = v.InferOutput<typeof PatchBody>;

/** TagsAnswer answers a tag change. */
export const TagsAnswer = v.object({ conversation: v.object({ id: v.string(), tags: v.array(v.string()) }) });

/** SnoozeBody puts an open conversation aside until a time (within a year), or wakes it (null). */
export const SnoozeBody = v.object({ until: v.nullable(v.pipe(v.string(), v.isoTimestamp("an ISO time such as 2026-12-01T09:00:00Z"))) });
export type SnoozeBody = v.InferOutput<typeof SnoozeBody>;
