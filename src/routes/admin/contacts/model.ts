// Contacts: every visitor and verified contact of a workspace, as operators see them.
import * as v from "valibot";
import { AdminMessage } from "../conversations/model";
import { Id } from "../shared";

const Search = v.pipe(v.string(), v.trim(), v.maxLength(200, "a search of at most 200 characters"));

/** ContactsQuery pages through a workspace's people, most recently seen first, maybe filtered by name or email. */
export const ContactsQuery = v.object({
  workspace: Id,
  q: v.optional(Search),
  after: v.optional(v.pipe(v.string(), v.regex(/^\d{1,16}\.[A-Za-z0-9_]{1,80}$/, "a cursor from nextCursor"))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, "a whole number"), v.transform(Number), v.minValue(1), v.maxValue(100))),
});
export type ContactsQuery = v.InferOutput<typeof ContactsQuery>;

/** ContactParams names a contact (ct_…) or an anonymous visitor (vis_…). */
export const ContactParams = v.object({ id: Id });

/** ContactSummary is one row of the Contacts page: a verified contact, or a visitor with no contact. */
export const ContactSummary = v.object({
  id: v.string(),
  kind: v.picklist(["contact", "visitor"]),
  visitorId: v.string(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  company: v.nullable(v.string()),
  verified: v.boolean(),
  online: v.boolean(),
  lastSeenAt: v.string(),
  conversations: v.number(),
});
export type ContactSummary = v.InferOutput<typeof ContactSummary>;

/** ContactList answers GET /contacts. */
export const ContactList = v.object({ contacts: v.array(ContactSummary), nextCursor: v.nullable(v.string()) });

/** ContactConversation is one of a contact's conversations, with its last message. */
export const ContactConversation = v.object({
  id: v.string(),
  kind: v.picklist(["chat", "ticket"]),
  status: v.picklist(["open", "closed"]),
  updatedAt: v.string(),
  preview: v.nullable(v.string()),
});

/** ContactDetail answers GET /contacts/:id: identity, presence, fields, pages seen and conversations. */
export const ContactDetail = v.object({
  ...ContactSummary.entries,
  userId: v.nullable(v.string()),
  locale: v.nullable(v.string()),
  firstSeenAt: v.string(),
  page: v.nullable(v.object({ url: v.string(), title: v.optional(v.string()) })),
  visitorIds: v.array(v.string()),
  fields: v.record(v.string(), v.unknown()),
  pages: v.array(v.object({ url: v.string(), at: v.string() })),
  conversationList: v.array(ContactConversation),
});
export type ContactDetail = v.InferOutput<typeof ContactDetail>;

/** ContactAnswer wraps a ContactDetail. */
export const ContactAnswer = v.object({ contact: ContactDetail });

/** StartBody is an operator's first message of a conversation it starts. */
export const StartBody = v.object({ body: v.pipe(v.string(), v.trim(), v.minLength(1, "a message of 1 to 5000 characters"), v.maxLength(5000, "a message of 1 to 5000 characters")) });
export type StartBody = v.InferOutput<typeof StartBody>;

/** StartAnswer answers POST /contacts/:id/conversations. */
export const StartAnswer = v.object({ conversationId: v.string(), message: AdminMessage });
