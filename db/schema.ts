// The Woes data model: one SQLite file, every table a workspace-scoped row set.
// note: ids that reach the widget are random strings (see src/lib/ids.ts); integer `seq`
// columns exist only for ordering; they never reach the widget (its cursors are message ids),
// and only the operator inbox's opaque cursor carries one.
import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** Workspaces: a site's chat, with its settings as one JSON document. */
export const workspaces = sqliteTable("workspace", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  settings: text("settings", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  createdAt: integer("created_at").notNull().default(now),
  /** ai is the workspace's own model provider `{url, model, key?}`; operator-only, never in settings. */
  ai: text("ai", { mode: "json" }).$type<{ url: string; model: string; key?: string }>(),
});

/** Identity secrets: the current one (retiredAt null) and previous ones, valid for the grace period in force after retiredAt. */
export const identitySecrets = sqliteTable(
  "identity_secret",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    secret: text("secret").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    retiredAt: integer("retired_at"),
  },
  (t) => [index("identity_secret_workspace").on(t.workspaceId)],
);

/** Agents: automated responders with attached context (instructions never reach the widget). */
export const agents = sqliteTable(
  "agent",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    avatarUrl: text("avatar_url"),
    instructions: text("instructions"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("agent_workspace").on(t.workspaceId)],
);

/** Agent sources: attached context (pasted or uploaded text), split into passages. */
export const agentSources = sqliteTable(
  "agent_source",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    agentId: text("agent_id").notNull().references(() => agents.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    url: text("url"),
    chars: integer("chars").notNull(),
    chunks: integer("chunks").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("agent_source_agent").on(t.agentId, t.createdAt)],
);

/** Passages: a source's sections, each with its heading; indexed by the passage_fts FTS5 table (see migration 0004). */
export const passages = sqliteTable(
  "passage",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    sourceId: text("source_id").notNull().references(() => agentSources.id, { onDelete: "cascade" }),
    agentId: text("agent_id").notNull(),
    heading: text("heading").notNull(),
    text: text("text").notNull(),
  },
  (t) => [index("passage_source").on(t.sourceId), index("passage_agent").on(t.agentId)],
);

/** Widget public keys, workspace or agent kind, with an optional origin allow-list. */
export const widgetKeys = sqliteTable(
  "widget_key",
  {
    key: text("key").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["workspace", "agent"] }).notNull(),
    agentId: text("agent_id").references(() => agents.id),
    allowedOrigins: text("allowed_origins", { mode: "json" }).notNull().$type<string[]>(),
    createdAt: integer("created_at").notNull().default(now),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("widget_key_workspace").on(t.workspaceId)],
);

/** Contacts: customers verified by HMAC or JWT, keyed only by what was signed. */
export const contacts = sqliteTable(
  "contact",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    externalKey: text("external_key").notNull(),
    userId: text("user_id"),
    email: text("email"),
    name: text("name"),
    company: text("company"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("contact_workspace_key").on(t.workspaceId, t.externalKey)],
);

/** Visitors: one browser's widget identity; the token is stored as its SHA-256 only. */
export const visitors = sqliteTable(
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
    lastPage: text("last_page", { mode: "json" }).$type<{ url: string; title?: string; referrer?: string }>(),
    createdAt: integer("created_at").notNull().default(now),
    lastSeenAt: integer("last_seen_at").notNull().default(now),
  },
  (t) => [index("visitor_workspace").on(t.workspaceId), index("visitor_contact").on(t.contactId), index("visitor_recent").on(t.workspaceId, t.lastSeenAt)],
);

/** Conversations: a chat or a ticket, owned by a visitor and, once verified, a contact. */
export const conversations = sqliteTable(
  "conversation",
  {
    id: text("id").primaryKey(),
    seq: integer("seq").notNull().unique(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    visitorId: text("visitor_id").notNull().references(() => visitors.id),
    contactId: text("contact_id").references(() => contacts.id),
    agentId: text("agent_id").references(() => agents.id),
    kind: text("kind", { enum: ["chat", "ticket"] }).notNull(),
    status: text("status", { enum: ["open", "closed"] }).notNull(),
    fields: text("fields", { mode: "json" }).$type<Record<string, unknown>>(),
    ticketForm: text("ticket_form"),
    ticketFields: text("ticket_fields", { mode: "json" }).$type<Record<string, string>>(),
    /** handler says who answers an agent's conversation: the agent or the team (null: never an agent's). */
    handler: text("handler", { enum: ["agent", "team"] }),
    /** waitingForTeam: handed to the team and no operator has replied since; the inbox lists these first. */
    waitingForTeam: integer("waiting_for_team", { mode: "boolean" }).notNull().default(false),
    /** assigneeId is the console account that owns the conversation (null: unassigned). */
    assigneeId: text("assignee_id").references((): AnySQLiteColumn => users.id, { onDelete: "set null" }),
    /** snoozedUntil: an open conversation put aside until then (operators see it as snoozed; the widget as open). */
    snoozedUntil: integer("snoozed_until"),
    /** firstReplyAt / firstReplyBy: the first public operator reply and its account (null for a token); for Stats. */
    firstReplyAt: integer("first_reply_at"),
    firstReplyBy: text("first_reply_by"),
    /** resolvedAt / resolvedBy: when and by which account it was last closed (null while open); for Stats. */
    resolvedAt: integer("resolved_at"),
    resolvedBy: text("resolved_by"),
    /** operatorStarted: an operator opened it (Contacts → Start); it has no first reply, so reply times leave it out. */
    operatorStarted: integer("operator_started", { mode: "boolean" }).notNull().default(false),
    /** lastReplySeq: the newest public message not the customer's (what a visitor can have unread); kept by a trigger (migration 0022). */
    lastReplySeq: integer("last_reply_seq"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
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
export const messages = sqliteTable(
  "message",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    authorKind: text("author_kind", { enum: ["customer", "operator", "agent", "system"] }).notNull(),
    authorName: text("author_name"),
    authorAvatarUrl: text("author_avatar_url"),
    visitorId: text("visitor_id"),
    operatorRef: text("operator_ref"),
    agentId: text("agent_id"),
    internal: integer("internal", { mode: "boolean" }).notNull().default(false),
    body: text("body").notNull(),
    clientId: text("client_id"),
    /** sources are the public sources an agent answer cites: only those with a url. */
    sources: text("sources", { mode: "json" }).$type<{ title: string; url: string }[]>(),
    createdAt: integer("created_at").notNull(),
    /** attachments are the files sent with the message (their bytes live in attachment_blob). */
    attachments: text("attachments", { mode: "json" }).$type<AttachmentRef[]>(),
  },
  (t) => [
    index("message_conversation").on(t.conversationId, t.seq),
    // note: partial: most messages carry no client id, and those need no entry.
    uniqueIndex("message_client").on(t.visitorId, t.clientId).where(sql`${t.clientId} IS NOT NULL`),
  ],
);

/** How far message_fts has indexed messages: every message with seq at most `seq` is in it
 *  (src/domain/search-index.ts indexes the rest in batches, off the request path). One row. */
export const messageFtsMarks = sqliteTable("message_fts_mark", {
  id: integer("id").primaryKey(),
  seq: integer("seq").notNull(),
});

/** Operator-only details of a message: debug traces, provider and model internals. */
export const messageInternals = sqliteTable("message_internal", {
  messageSeq: integer("message_seq").primaryKey().references(() => messages.seq, { onDelete: "cascade" }),
  details: text("details", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
});

/** Read marks: how far a visitor has read a conversation. */
export const readMarks = sqliteTable(
  "read_mark",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    visitorId: text("visitor_id").notNull().references(() => visitors.id, { onDelete: "cascade" }),
    lastReadSeq: integer("last_read_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.visitorId] })],
);

/** Tags operators put on conversations. */
export const conversationTags = sqliteTable(
  "conversation_tag",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.tag] }), index("conversation_tag_workspace").on(t.workspaceId, t.tag)],
);

/** What each operator (console account or token, as "user:id" / "token:id") has seen of a conversation. */
export const operatorSeen = sqliteTable(
  "operator_seen",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    operatorRef: text("operator_ref").notNull(),
    messageSeq: integer("message_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.operatorRef] })],
);

/** Each console account's open conversations with customer messages after what it has seen (the inbox's unread),
 *  per workspace; kept by triggers on message, operator_seen, conversation and membership (migration 0020), so the
 *  console's alert count reads the caller's own rows, never the workspace's conversations. */
export const operatorUnread = sqliteTable(
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
export const events = sqliteTable(
  "event",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    conversationId: text("conversation_id"),
    type: text("type").notNull(),
    pageUrl: text("page_url"),
    props: text("props", { mode: "json" }).$type<Record<string, unknown>>(),
    at: integer("at").notNull(),
  },
  (t) => [index("event_workspace").on(t.workspaceId, t.at, t.type), index("event_visitor").on(t.visitorId, t.at)],
);

/** Daily counts per workspace: events by type and conversations started, kept as they happen, so stats never scan. */
export const dailyCounts = sqliteTable(
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
 *  ('' for an admin token): how many and their summed milliseconds, kept by triggers on conversation (migration 0017). */
export const teamDaily = sqliteTable(
  "team_daily",
  {
    workspaceId: text("workspace_id").notNull(),
    day: integer("day").notNull(),
    kind: text("kind").notNull(),
    accountId: text("account_id").notNull(),
    n: integer("n").notNull(),
    total: integer("total").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.kind, t.accountId] })],
);

/** Presence: the last heartbeat per visitor, flushed from memory. */
export const presence = sqliteTable(
  "presence",
  {
    visitorId: text("visitor_id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    state: text("state", { enum: ["active", "idle", "hidden", "offline"] }).notNull(),
    pageUrl: text("page_url"),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [index("presence_workspace").on(t.workspaceId, t.lastSeenAt), index("presence_seen").on(t.lastSeenAt)],
);

/** Survey responses: one per conversation and kind, a second replaces the first. */
export const surveyResponses = sqliteTable(
  "survey_response",
  {
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["csat", "nps"] }).notNull(),
    workspaceId: text("workspace_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    score: integer("score").notNull(),
    comment: text("comment"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.kind] }), index("survey_workspace").on(t.workspaceId, t.createdAt)],
);

/** Admin API tokens, stored hashed; allWorkspaces tokens own every workspace, later ones too. */
export const adminTokens = sqliteTable("admin_token", {
  id: text("id").primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  name: text("name").notNull(),
  allWorkspaces: integer("all_workspaces", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull().default(now),
  revokedAt: integer("revoked_at"),
  /** expiresAt: when the token stops working by itself (null: never). */
  expiresAt: integer("expires_at"),
});

/** Which workspaces a scoped admin token may see. */
export const adminTokenWorkspaces = sqliteTable(
  "admin_token_workspace",
  {
    tokenId: text("token_id").notNull().references(() => adminTokens.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.workspaceId] })],
);

/** Console users (operators); passwords hashed with argon2id. */
export const users = sqliteTable("user", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull().default(now),
  /** mailNotify: the operator opted in to new conversations and handoffs by mail. */
  mailNotify: integer("mail_notify", { mode: "boolean" }).notNull().default(false),
  /** alerts: the operator's console alert choices (notifications, sound, unread badge); absent keys take defaults. */
  alerts: text("alerts", { mode: "json" }).notNull().$type<Record<string, unknown>>().default({}),
});

/** Workspace membership and role of a console user. */
export const memberships = sqliteTable(
  "membership",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "operator"] }).notNull(),
  },
  // note: the unread triggers (migration 0020) read a workspace's members on every customer message.
  (t) => [primaryKey({ columns: [t.userId, t.workspaceId] }), index("membership_workspace").on(t.workspaceId)],
);

/** Console sessions, stored hashed, each with its CSRF token. */
export const sessions = sqliteTable("session", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  csrfToken: text("csrf_token").notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** One-time links: the first-run setup link and operator invites, stored hashed. */
export const invites = sqliteTable("invite", {
  tokenHash: text("token_hash").primaryKey(),
  kind: text("kind", { enum: ["setup", "invite"] }).notNull(),
  workspaceId: text("workspace_id"),
  role: text("role", { enum: ["owner", "admin", "operator"] }).notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

/** Saved replies: a workspace's canned answers, inserted with `/` in the composer. Messages and
 *  conversations are also indexed for search by the message_fts and conversation_fts FTS5 tables
 *  (see migration 0007). */
export const savedReplies = sqliteTable(
  "saved_reply",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("saved_reply_workspace").on(t.workspaceId, t.title)],
);

/** Password reset links, stored hashed; one use, one hour. */
export const passwordResets = sqliteTable(
  "password_reset",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    /** mailDueAt: when the link's mail is tried (again); null once the SMTP server took it, or for a printed link. */
    mailDueAt: integer("mail_due_at"),
    /** mailAttempts: sends of its mail the SMTP server did not take (see --mail-retry). */
    mailAttempts: integer("mail_attempts").notNull().default(0),
  },
  (t) => [index("password_reset_user").on(t.userId), index("password_reset_mail_due").on(t.mailDueAt)],
);

/** Mailed links that reopen one conversation in the widget, stored hashed; 30 days. */
export const mailLinks = sqliteTable(
  "mail_link",
  {
    tokenHash: text("token_hash").primaryKey(),
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    /** pageUrl: the page the conversation came from, where the link reopens it. */
    pageUrl: text("page_url"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("mail_link_conversation").on(t.conversationId)],
);

/** Replies waiting to be mailed to an offline visitor: those after after_seq, sent at due_at. */
export const mailBatches = sqliteTable(
  "mail_batch",
  {
    conversationId: text("conversation_id").primaryKey().references(() => conversations.id, { onDelete: "cascade" }),
    afterSeq: integer("after_seq").notNull(),
    dueAt: integer("due_at").notNull(),
    /** attempts: sends tried that the SMTP server did not take (the next waits longer; see --mail-retry). */
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [index("mail_batch_due").on(t.dueAt)],
);

/** Operator notices the SMTP server did not take yet, tried at due_at (see --mail-retry); deleted once sent or given up,
 *  and with their conversation (a notice quotes the visitor's message, so erasing the contact erases it too). */
export const mailNotices = sqliteTable(
  "mail_notice",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    dueAt: integer("due_at").notNull(),
    /** attempts: sends tried that the SMTP server did not take. */
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [index("mail_notice_due").on(t.dueAt), index("mail_notice_conversation").on(t.conversationId)],
);

/** AttachmentRef is what a message keeps of each file sent with it. */
export type AttachmentRef = { id: string; name: string; contentType: string; size: number };

/** Attachments: files uploaded into a conversation (metadata only; lists never load the bytes).
 *  message_seq is null until the file is sent with a message; unsent ones are swept after a day. */
export const attachments = sqliteTable(
  "attachment",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    /** visitorId or operatorRef: who uploaded it (only they may send it). */
    visitorId: text("visitor_id"),
    operatorRef: text("operator_ref"),
    messageSeq: integer("message_seq").references(() => messages.seq, { onDelete: "cascade" }),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("attachment_conversation").on(t.conversationId),
    index("attachment_message").on(t.messageSeq).where(sql`${t.messageSeq} IS NOT NULL`),
    index("attachment_unsent").on(t.createdAt).where(sql`${t.messageSeq} IS NULL`),
  ],
);

/** The bytes of each attachment, apart from its metadata (read through raw SQL: a blob is a Uint8Array on both runtimes). */
export const attachmentBlobs = sqliteTable("attachment_blob", {
  attachmentId: text("attachment_id").primaryKey().references(() => attachments.id, { onDelete: "cascade" }),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
});

/** Server-side signing keys by purpose ("attachment": short-lived attachment links), made by their migration. */
export const signingKeys = sqliteTable("signing_key", {
  name: text("name").primaryKey(),
  secret: text("secret").notNull(),
});
