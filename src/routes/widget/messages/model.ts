// Message routes: send, history (cursor, long poll), read marks.
import * as v from "valibot";
import { withoutControls } from "../../../lib/text";
import { PublicConversation, PublicMessage } from "../model";

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Digits = (max: number) => v.pipe(v.string(), v.regex(/^\d{1,6}$/, "a whole number"), v.transform(Number), v.maxValue(max));
const FieldValue = v.union([v.pipe(v.string(), v.maxLength(2000)), v.number(), v.boolean(), v.null()]);

/** SendBody: a customer message, maybe starting a conversation or a ticket. */
// note: a message may be files alone; then its text may be empty.
export const SendBody = v.pipe(v.object({
  conversationId: v.optional(Id),
  body: v.pipe(v.string(), v.transform(withoutControls), v.trim(), v.maxLength(5000, "a message of 1 to 5000 characters")),
  clientId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  fields: v.optional(v.pipe(v.record(v.pipe(v.string(), v.maxLength(64)), FieldValue), v.check((r) => Object.keys(r).length <= 50, "at most 50 fields"))),
  ticket: v.optional(
    v.object({
      form: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
      fields: v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.string(), v.maxLength(5000))),
    }),
  ),
  /** attachments: ids of files this visitor uploaded to the conversation and has not sent yet. */
  attachments: v.optional(v.pipe(v.array(Id), v.maxLength(10, "at most 10 attachments"))),
}), v.forward(v.partialCheck([["body"], ["attachments"]], (s) => s.body.length > 0 || (s.attachments?.length ?? 0) > 0, "a message of 1 to 5000 characters"), ["body"]));
export type SendBody = v.InferOutput<typeof SendBody>;

/** SendAnswer: the conversation and the stored message. */
export const SendAnswer = v.object({ conversation: PublicConversation, message: PublicMessage });
export type SendAnswer = v.InferOutput<typeof SendAnswer>;

/** HistoryQuery: which conversation, from where, how many, and how long to wait. */
export const HistoryQuery = v.object({
  conversation: Id,
  after: v.optional(v.pipe(v.string(), v.maxLength(40))),
  limit: v.optional(v.pipe(Digits(100), v.minValue(1))),
  wait: v.optional(Digits(30)),
});
export type HistoryQuery = v.InferOutput<typeof HistoryQuery>;

/** HistoryAnswer: messages oldest first and the cursor for what comes next. */
export const HistoryAnswer = v.object({ messages: v.array(PublicMessage), nextCursor: v.string(), hasMore: v.boolean() });
export type HistoryAnswer = v.InferOutput<typeof HistoryAnswer>;

/** ReadBody marks a conversation read up to a message (absent: all of it). */
export const ReadBody = v.object({ conversationId: Id, messageId: v.optional(Id) });
export type ReadBody = v.InferOutput<typeof ReadBody>;

/** ReadAnswer: the conversation's and the visitor's unread counts after the mark. */
export const ReadAnswer = v.object({ conversationId: v.string(), unreadCount: v.number(), totalUnread: v.number() });
export type ReadAnswer = v.InferOutput<typeof ReadAnswer>;

/** HandoffBody asks for a person: the conversation goes from its agent to the team. */
export const HandoffBody = v.object({ conversationId: Id });
export type HandoffBody = v.InferOutput<typeof HandoffBody>;

/** TypingBody says the visitor is writing in a conversation. */
export const TypingBody = v.object({ conversationId: Id });
export type TypingBody = v.InferOutput<typeof TypingBody>;

/** HandoffAnswer is the conversation afterwards (`handler: "team"` when it had an agent). */
export const HandoffAnswer = v.object({ conversation: PublicConversation });
export type HandoffAnswer = v.InferOutput<typeof HandoffAnswer>;
