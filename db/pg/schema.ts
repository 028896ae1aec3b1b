// The Woes data model on Postgres: the same tables, columns, keys and indexes as db/schema.ts (SQLite), so the
// one set of queries reads the same row types on either engine (test/db/dialect-types.test.ts proves it).
// note: millisecond times, seq columns, summed milliseconds and byte sizes are bigint in number mode (they pass
// 2^31; a JS number holds them exactly up to 2^53); small counts stay integer; SQLite's 0/1 booleans are boolean;
// JSON text is jsonb; the attachment blob is bytea, read as a Buffer as on SQLite.
//
// Not yet mirrored (SQLite-only SQL in db/migrations; a Postgres engine needs its own equivalents):
//   FTS5 virtual tables and the view behind one:
//   - message_fts (0007, secure-delete 0010): full-text index of message bodies (rowid = message.seq), filled in batches up to message_fts_mark.seq.
//   - conversation_fts (0007, secure-delete 0010): full-text index of each conversation's who (names, emails) and fields (rowid = conversation.seq).
//   - conversation_search_doc (0007): view that builds conversation_fts's who and fields text from conversation, visitor, contact and the JSON fields.
//   Triggers:
//   - message_fts_delete (0013): removes a deleted message from message_fts when it was already indexed (seq <= mark).
//   - message_fts_update (0013): re-indexes a message whose body changed when it was already indexed (seq <= mark).
//   - conversation_fts_insert (0007): indexes a new conversation's who and fields in conversation_fts.
//   - conversation_fts_update (0007): re-indexes a conversation whose fields, ticket_fields or contact_id changed.
//   - conversation_fts_delete (0007): removes a deleted conversation from conversation_fts.
//   - visitor_fts_update (0007): re-indexes a visitor's conversations when its name, email or contact_id changes.
//   - contact_fts_update (0007): re-indexes a contact's conversations (direct or through its visitors) when its name or email changes.
//   Rows and settings made by migrations:
//   - FTS5 'secure-delete' (0010): deleted text is overwritten in the FTS indexes, not just unlinked.
//   - Backfills (0004, 0005, 0017, 0018, 0019, 0020, 0022, 0023): one-off UPDATE / INSERT … SELECT over an existing SQLite file; a new database has no rows to mend.
//   - WITHOUT ROWID (daily_count, team_daily, operator_seen, conversation_tag, operator_unread): SQLite storage only; Postgres has no equivalent, nor needs one.
//
// Mirrored by hand in db/pg/migrations/0001_triggers.sql (a drizzle-kit custom migration; test/db/pg-triggers.test.ts
// drives it and SQLite with the same SQL and expects the same figures):
//   Triggers (plpgsql functions, same names, events, columns and conditions):
//   - team_first_response_insert (0017): adds a new conversation's first reply time to team_daily.
//   - team_first_response_update (0017): moves a conversation's first reply time in team_daily when it, its account, day or workspace changes.
//   - team_first_response_delete (0017): takes a deleted conversation's first reply time out of team_daily.
//   - team_resolution_insert (0017): adds a conversation inserted closed to team_daily's resolution figures.
//   - team_resolution_update (0017): moves a conversation's resolution time in team_daily when its status, resolution, day or workspace changes.
//   - team_resolution_delete (0017): takes a deleted closed conversation's resolution time out of team_daily.
//   - operator_unread_message (0020): a customer message in an open conversation makes it unread for every workspace member.
//   - operator_unread_seen_insert (0020): a new seen mark past the last customer message drops the account's unread row.
//   - operator_unread_seen_update (0020): a seen mark moved past the last customer message drops the account's unread row.
//   - operator_unread_close (0020): closing a conversation drops its unread rows.
//   - operator_unread_reopen (0020): reopening a conversation makes it unread again for members with unseen customer messages.
//   - operator_unread_member_insert (0020): a new member starts with the workspace's open conversations it has not seen.
//   - operator_unread_member_delete (0020): a removed member's unread rows in that workspace go.
//   - conversation_last_reply (0022): a public non-customer message moves conversation.last_reply_seq forward.
//   Rows made by migrations:
//   - signing_key seed (0011): the 'attachment' signing key, 64 hex characters (on Postgres: sha256 of two gen_random_uuid(), pgcrypto not being built in).
//   - message_fts_mark seed (0013): its one row (id 1, seq = the newest message's seq when the migration ran).
//
// Mirrored by db/pg/migrations/0004_passage_search.sql (Postgres's own shape, so not in this schema either):
//   - passage_fts (0004): passage_words, each passage's words as one tsvector (heading weighted A, text D) with its
//     length and agent, found through a GIN index; the retriever computes BM25 from it (src/agents/postgres-retriever.ts).
//   - passage_fts_insert (0004): passage_words_insert, a statement trigger that indexes the new passages.
//   - passage_fts_delete (0004): passage_words.seq references passage.seq on delete cascade.
import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, index, integer, jsonb, type AnyPgColumn, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { AttachmentRef } from "../schema";

/** now is SQLite's `cast(unixepoch('subsec') * 1000 as integer)`: the wall clock in milliseconds, when the row is written. */
const now = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** int64 is a bigint column (millisecond times, seqs, byte sizes, summed milliseconds: they pass 2^31) read as a JS number. */
const int64 = <TName extends string>(name: TName) => bigint(name, { mode: "number" });

/** bytea is a binary column read as a Buffer, as SQLite's `blob({ mode: "buffer" })` is. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
  toDriver: (value) => value,
});

/** Workspaces: a site's chat, with its settings as one JSON document. */
export const workspaces = pgTable("workspace", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  settings: jsonb("settings").notNull().$type<Record<string, unknown>>(),
  createdAt: int64("created_at").notNull().default(now),
  /** ai is the workspace's own model provider `{url, model, key?}`; operator-only, never in settings. */
  ai: jsonb("ai").$type<{ url: string; model: string; key?: string }>(),
});

/** Identity secrets: the current one (retiredAt null) and previous ones, valid for the grace period in force after retiredAt. */
export const identitySecrets = pgTable(
  "identity_secret",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    secret: text("secret").notNull(),
    createdAt: int64("created_at").notNull().default(now),
    retiredAt: int64("retired_at"),
  },
  (t) => [index("identity_secret_workspace").on(t.workspaceId)],
);

/** Agents: automated responders with attached context (instructions never reach the widget). */
export const agents = pgTable(
  "agent",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    avatarUrl: text("avatar_url"),
    instructions: text("instructions"),
    createdAt: int64("created_at").notNull().default(now),
  },
  (t) => [index("agent_workspace").on(t.workspaceId)],
);

/** Agent sources: attached context (pasted or uploaded text), split into passages. */
export const agentSources = pgTable(
  "agent_source",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    agentId: text("agent_id").notNull().references(() => agents.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    url: text("url"),
    chars: integer("chars").notNull(),
    chunks: integer("chunks").notNull(),
    createdAt: int64("created_at").notNull(),
  },
  (t) => [index("agent_source_agent").on(t.agentId, t.createdAt)],
);

/** Passages: a source's sections, each with its heading; searched through passage_words (0004_passage_search, above). */
export const passages = pgTable(
  "passage",
  {
    seq: int64("seq").primaryKey().generatedByDefaultAsIdentity(),
    sourceId: text("source_id").notNull().references(() => agentSources.id, { onDelete: "cascade" }),
    agentId: text("agent_id").notNull(),
    heading: text("heading").notNull(),
    text: text("text").notNull(),
  },
  (t) => [index("passage_source").on(t.sourceId), index("passage_agent").on(t.agentId)],
);

/** Widget public keys, workspace or agent kind, with an optional origin allow-list. */
export const widgetKeys = pgTable(
  "widget_key",
  {
    key: text("key").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["workspace", "agent"] }).notNull(),
    agentId: text("agent_id").references(() => agents.id),
    allowedOrigins: jsonb("allowed_origins").notNull().$type<string[]>(),
    createdAt: int64("created_at").notNull().default(now),
    revokedAt: int64("revoked_at"),
  },
  (t) => [index("widget_key_workspace").on(t.workspaceId)],
);

/** Contacts: customers verified by HMAC or JWT, keyed only by what was signed. */
export const contacts = pgTable(
  "contact",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    externalKey: text("external_key").notNull(),
    userId: text("user_id"),
    email: text("email"),
    name: text("name"),
    company: text("company"),
    createdAt: int64("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("contact_workspace_key").on(t.workspaceId, t.externalKey)],
);

/** Visitors: one browser's widget identity; the token is stored as its SHA-256 only. */
export const visitors = pgTable(
  "visitor",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    contactId: text("contact_id").references(() => contacts.id),
    userId: text("user_id"),
    email: text("email"),
    name: text("name"),
    company: text("company"),
    locale: text("locale"),
    lastPage: jsonb("last_page").$type<{ url: string; title?: string; referrer?: string }>(),
    createdAt: int64("created_at").notNull().default(now),
    lastSeenAt: int64("last_seen_at").notNull().default(now),
  },
  (t) => [index("visitor_workspace").on(t.workspaceId), index("visitor_contact").on(t.contactId), index("visitor_recent").on(t.workspaceId, t.lastSeenAt)],
);

/** Conversations: a chat or a ticket, owned by a visitor and, once verified, a contact. */
export const conversations = pgTable(
  "conversation",
  {
    id: text("id").primaryKey(),
    seq: int64("seq").notNull().unique(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    visitorId: text("visitor_id").notNull().references(() => visitors.id),
    contactId: text("contact_id").references(() => contacts.id),
    agentId: text("agent_id").references(() => agents.id),
    kind: text("kind", { enum: ["chat", "ticket"] }).notNull(),
    status: text("status", { enum: ["open", "closed"] }).notNull(),
    fields: jsonb("fields").$type<Record<string, unknown>>(),
    ticketForm: text("ticket_form"),
    ticketFields: jsonb("ticket_fields").$type<Record<string, string>>(),
    /** handler says who answers an agent's conversation: the agent or the team (null: never an agent's). */
    handler: text("handler", { enum: ["agent", "team"] }),
    /** waitingForTeam: handed to the team and no operator has replied since; the inbox lists these first. */
    waitingForTeam: boolean("waiting_for_team").notNull().default(false),
    /** assigneeId is the console account that owns the conversation (null: unassigned). */
    assigneeId: text("assignee_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    /** snoozedUntil: an open conversation put aside until then (operators see it as snoozed; the widget as open). */
    snoozedUntil: int64("snoozed_until"),
    /** firstReplyAt / firstReplyBy: the first public operator reply and its account (null for a token); for Stats. */
    firstReplyAt: int64("first_reply_at"),
    firstReplyBy: text("first_reply_by"),
    /** resolvedAt / resolvedBy: when and by which account it was last closed (null while open); for Stats. */
    resolvedAt: int64("resolved_at"),
    resolvedBy: text("resolved_by"),
    /** operatorStarted: an operator opened it (Contacts → Start); it has no first reply, so reply times leave it out. */
    operatorStarted: boolean("operator_started").notNull().default(false),
    /** lastReplySeq: the newest public message not the customer's (what a visitor can have unread); kept by a trigger (SQLite 0022, Postgres 0001_triggers). */
    lastReplySeq: int64("last_reply_seq"),
    createdAt: int64("created_at").notNull(),
    updatedAt: int64("updated_at").notNull(),
  },
  (t) => [
    // note: only the inbox index holds updated_at, so a new message moves one index entry, not three.
    index("conversation_visitor").on(t.visitorId),
    index("conversation_contact").on(t.contactId).where(sql`${t.contactId} IS NOT NULL`),
    // note: conversations waiting for a person come first in the inbox, so the flag leads the activity order. The
    // assignee ends it, so Unassigned passes over assigned conversations by their entries alone.
    index("conversation_inbox").on(t.workspaceId, t.status, t.waitingForTeam, t.updatedAt, t.seq, t.assigneeId),
    index("conversation_started").on(t.workspaceId, t.createdAt),
    // note: Mine and a teammate's view read one range of this index each. It holds assigned conversations only, so a
    // message into an unassigned one (a new chat, one an agent answers) moves no entry of it; Unassigned reads the
    // inbox index.
    index("conversation_assignee").on(t.workspaceId, t.assigneeId, t.status, t.waitingForTeam, t.updatedAt, t.seq).where(sql`${t.assigneeId} IS NOT NULL`),
  ],
);

/** Messages: the public body only; operator-only internals live in message_internal. */
export const messages = pgTable(
  "message",
  {
    seq: int64("seq").primaryKey().generatedByDefaultAsIdentity(),
    id: text("id").notNull().unique(),
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    authorKind: text("author_kind", { enum: ["customer", "operator", "agent", "system"] }).notNull(),
    authorName: text("author_name"),
    authorAvatarUrl: text("author_avatar_url"),
    visitorId: text("visitor_id"),
    operatorRef: text("operator_ref"),
    agentId: text("agent_id"),
    internal: boolean("internal").notNull().default(false),
    body: text("body").notNull(),
    clientId: text("client_id"),
    /** sources are the public sources an agent answer cites: only those with a url. */
    sources: jsonb("sources").$type<{ title: string; url: string }[]>(),
    createdAt: int64("created_at").notNull(),
    /** attachments are the files sent with the message (their bytes live in attachment_blob). */
    attachments: jsonb("attachments").$type<AttachmentRef[]>(),
  },
  (t) => [
    index("message_conversation").on(t.conversationId, t.seq),
    // note: partial: most messages carry no client id, and those need no entry.
    uniqueIndex("message_client").on(t.visitorId, t.clientId).where(sql`${t.clientId} IS NOT NULL`),
  ],
);

/** How far message_fts has indexed messages: every message with seq at most `seq` is in it. One row (id 1, checked
 *  as on SQLite, migration 0013; the default stands in for SQLite's rowid, so inserts may leave id out on both). */
export const messageFtsMarks = pgTable(
  "message_fts_mark",
  {
    id: integer("id").primaryKey().default(1),
    seq: int64("seq").notNull(),
  },
  (t) => [check("message_fts_mark_one", sql`${t.id} = 1`)],
);

/** Operator-only details of a message: debug traces, provider and model internals. */
export const messageInternals = pgTable("message_internal", {
  messageSeq: int64("message_seq").primaryKey().references(() => messages.seq, { onDelete: "cascade" }),
  details: jsonb("details").notNull().$type<Record<string, unknown>>(),
});

/** Read marks: how far a visitor has read a conversation. */
export const readMarks = pgTable(
  "read_mark",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    visitorId: text("visitor_id").notNull().references(() => visitors.id, { onDelete: "cascade" }),
    lastReadSeq: int64("last_read_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.visitorId] })],
);

/** Tags operators put on conversations. */
export const conversationTags = pgTable(
  "conversation_tag",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.tag] }), index("conversation_tag_workspace").on(t.workspaceId, t.tag)],
);

/** What each operator (console account or token, as "user:id" / "token:id") has seen of a conversation. */
export const operatorSeen = pgTable(
  "operator_seen",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    operatorRef: text("operator_ref").notNull(),
    messageSeq: int64("message_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.operatorRef] })],
);

/** Each console account's open conversations with customer messages after what it has seen (the inbox's unread),
 *  per workspace; kept by triggers on message, operator_seen, conversation and membership (SQLite 0020, Postgres
 *  0001_triggers). */
export const operatorUnread = pgTable(
  "operator_unread",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    /** operatorRef is "user:id": tokens have no console, so no alert count. */
    operatorRef: text("operator_ref").notNull(),
    workspaceId: text("workspace_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.operatorRef] }), index("operator_unread_operator").on(t.operatorRef, t.workspaceId)],
);

/** Widget events: impressions, opens, closes and engagement. */
export const events = pgTable(
  "event",
  {
    seq: int64("seq").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    conversationId: text("conversation_id"),
    type: text("type").notNull(),
    pageUrl: text("page_url"),
    props: jsonb("props").$type<Record<string, unknown>>(),
    at: int64("at").notNull(),
  },
  (t) => [index("event_workspace").on(t.workspaceId, t.at, t.type), index("event_visitor").on(t.visitorId, t.at)],
);

/** Daily counts per workspace: events by type and conversations started, kept as they happen, so stats never scan. */
export const dailyCounts = pgTable(
  "daily_count",
  {
    workspaceId: text("workspace_id").notNull(),
    kind: text("kind").notNull(),
    /** day is the UTC day number: milliseconds since the epoch / 86 400 000. */
    day: integer("day").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.kind] })],
);

/** Team figures per workspace, day the conversation started, kind (first_response, resolution) and account
 *  ('' for an admin token): how many and their summed milliseconds, kept by triggers on conversation (SQLite 0017,
 *  Postgres 0001_triggers). */
export const teamDaily = pgTable(
  "team_daily",
  {
    workspaceId: text("workspace_id").notNull(),
    day: integer("day").notNull(),
    kind: text("kind").notNull(),
    accountId: text("account_id").notNull(),
    n: integer("n").notNull(),
    total: int64("total").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.kind, t.accountId] })],
);

/** Presence: the last heartbeat per visitor, flushed from memory. */
export const presence = pgTable(
  "presence",
  {
    visitorId: text("visitor_id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    state: text("state", { enum: ["active", "idle", "hidden", "offline"] }).notNull(),
    pageUrl: text("page_url"),
    lastSeenAt: int64("last_seen_at").notNull(),
  },
  (t) => [index("presence_workspace").on(t.workspaceId, t.lastSeenAt), index("presence_seen").on(t.lastSeenAt)],
);

/** Survey responses: one per conversation and kind, a second replaces the first. */
export const surveyResponses = pgTable(
  "survey_response",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["csat", "nps"] }).notNull(),
    workspaceId: text("workspace_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    score: integer("score").notNull(),
    comment: text("comment"),
    createdAt: int64("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.kind] }), index("survey_workspace").on(t.workspaceId, t.createdAt)],
);

/** Admin API tokens, stored hashed; allWorkspaces tokens own every workspace, later ones too. */
export const adminTokens = pgTable("admin_token", {
  id: text("id").primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  name: text("name").notNull(),
  allWorkspaces: boolean("all_workspaces").notNull().default(false),
  createdAt: int64("created_at").notNull().default(now),
  revokedAt: int64("revoked_at"),
  /** expiresAt: when the token stops working by itself (null: never). */
  expiresAt: int64("expires_at"),
});

/** Which workspaces a scoped admin token may see. */
export const adminTokenWorkspaces = pgTable(
  "admin_token_workspace",
  {
    tokenId: text("token_id").notNull().references(() => adminTokens.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.workspaceId] })],
);

/** Console users (operators); passwords hashed with argon2id. */
export const users = pgTable("user", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: int64("created_at").notNull().default(now),
  /** mailNotify: the operator opted in to new conversations and handoffs by mail. */
  mailNotify: boolean("mail_notify").notNull().default(false),
  /** alerts: the operator's console alert choices (notifications, sound, unread badge); absent keys take defaults. */
  alerts: jsonb("alerts").notNull().$type<Record<string, unknown>>().default({}),
});

/** Workspace membership and role of a console user. */
export const memberships = pgTable(
  "membership",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "operator"] }).notNull(),
  },
  // note: the unread triggers (SQLite migration 0020) read a workspace's members on every customer message.
  (t) => [primaryKey({ columns: [t.userId, t.workspaceId] }), index("membership_workspace").on(t.workspaceId)],
);

/** Console sessions, stored hashed, each with its CSRF token. */
export const sessions = pgTable("session", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  csrfToken: text("csrf_token").notNull(),
  createdAt: int64("created_at").notNull(),
  expiresAt: int64("expires_at").notNull(),
});

/** One-time links: the first-run setup link and operator invites, stored hashed. */
export const invites = pgTable("invite", {
  tokenHash: text("token_hash").primaryKey(),
  kind: text("kind", { enum: ["setup", "invite"] }).notNull(),
  workspaceId: text("workspace_id"),
  role: text("role", { enum: ["owner", "admin", "operator"] }).notNull(),
  createdAt: int64("created_at").notNull(),
  expiresAt: int64("expires_at").notNull(),
  usedAt: int64("used_at"),
});

/** Saved replies: a workspace's canned answers, inserted with `/` in the composer. (Search over messages and
 *  conversations, SQLite's message_fts and conversation_fts, is not mirrored yet: see above.) */
export const savedReplies = pgTable(
  "saved_reply",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: int64("created_at").notNull(),
    updatedAt: int64("updated_at").notNull(),
  },
  (t) => [index("saved_reply_workspace").on(t.workspaceId, t.title)],
);

/** Password reset links, stored hashed; one use, one hour. */
export const passwordResets = pgTable(
  "password_reset",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: int64("created_at").notNull(),
    expiresAt: int64("expires_at").notNull(),
    usedAt: int64("used_at"),
    /** mailDueAt: when the link's mail is tried (again); null once the SMTP server took it, or for a printed link. */
    mailDueAt: int64("mail_due_at"),
    /** mailAttempts: sends of its mail the SMTP server did not take (see --mail-retry). */
    mailAttempts: integer("mail_attempts").notNull().default(0),
  },
  (t) => [index("password_reset_user").on(t.userId), index("password_reset_mail_due").on(t.mailDueAt)],
);

/** Mailed links that reopen one conversation in the widget, stored hashed; 30 days. */
export const mailLinks = pgTable(
  "mail_link",
  {
    tokenHash: text("token_hash").primaryKey(),
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    /** pageUrl: the page the conversation came from, where the link reopens it. */
    pageUrl: text("page_url"),
    createdAt: int64("created_at").notNull(),
    expiresAt: int64("expires_at").notNull(),
  },
  (t) => [index("mail_link_conversation").on(t.conversationId)],
);

/** Replies waiting to be mailed to an offline visitor: those after after_seq, sent at due_at. */
export const mailBatches = pgTable(
  "mail_batch",
  {
    conversationId: text("conversation_id").primaryKey().references(() => conversations.id, { onDelete: "cascade" }),
    afterSeq: int64("after_seq").notNull(),
    dueAt: int64("due_at").notNull(),
    /** attempts: sends tried that the SMTP server did not take (the next waits longer; see --mail-retry). */
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [index("mail_batch_due").on(t.dueAt)],
);

/** Operator notices the SMTP server did not take yet, tried at due_at (see --mail-retry); deleted once sent or given up,
 *  and with their conversation (a notice quotes the visitor's message, so erasing the contact erases it too). */
export const mailNotices = pgTable(
  "mail_notice",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    dueAt: int64("due_at").notNull(),
    /** attempts: sends tried that the SMTP server did not take. */
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [index("mail_notice_due").on(t.dueAt), index("mail_notice_conversation").on(t.conversationId)],
);

/** Attachments: files uploaded into a conversation (metadata only; lists never load the bytes).
 *  message_seq is null until the file is sent with a message; unsent ones are swept after a day. */
export const attachments = pgTable(
  "attachment",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    /** visitorId or operatorRef: who uploaded it (only they may send it). */
    visitorId: text("visitor_id"),
    operatorRef: text("operator_ref"),
    messageSeq: int64("message_seq").references(() => messages.seq, { onDelete: "cascade" }),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: int64("size").notNull(),
    createdAt: int64("created_at").notNull(),
  },
  (t) => [
    index("attachment_conversation").on(t.conversationId),
    index("attachment_message").on(t.messageSeq).where(sql`${t.messageSeq} IS NOT NULL`),
    index("attachment_unsent").on(t.createdAt).where(sql`${t.messageSeq} IS NULL`),
  ],
);

/** The bytes of each attachment, apart from its metadata (bytea, read as a Buffer as on SQLite). */
export const attachmentBlobs = pgTable("attachment_blob", {
  attachmentId: text("attachment_id").primaryKey().references(() => attachments.id, { onDelete: "cascade" }),
  bytes: bytea("bytes").notNull(),
});

/** Server-side signing keys by purpose ("attachment": short-lived attachment links); its seed row comes from 0001_triggers. */
export const signingKeys = pgTable("signing_key", {
  name: text("name").primaryKey(),
  secret: text("secret").notNull(),
});
