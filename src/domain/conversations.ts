// Conversations as a visitor sees them: who may see what, unread counts, public serializers.
import { and, desc, eq, getTableColumns, inArray, or, sql, type SQL } from "drizzle-orm";
import { conversations, messages, readMarks } from "../../db/schema";
import type { Db, Store } from "../../db/store";
import { HttpError } from "../lib/http-error";
import type { Visitor } from "./visitors";
import { remember } from "../lib/cache";
import { iso } from "../lib/text";
import { newOrderedId } from "../lib/ids";
import { filled, inChunks, slots } from "../lib/slots";
import { publicAttachment, type PublicAttachment } from "./attachments";
import type { ConversationActivity } from "./activity";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

// note: drizzle maps a row through generic code, field by field (about 5 µs for a whole conversation, measured); the
// hottest reads take the row's values and map them with the columns' own decoders, found once (about 3 µs).
const COLUMNS = Object.entries(getTableColumns(conversations));

/** conversationById reads a whole conversation by id through a statement prepared once (on the connection
 *  of db, so one made for the store also serves inside its writes). */
export function conversationById(db: Db): (id: string) => Promise<ConversationRow | undefined> {
  const statement = db.select().from(conversations).where(eq(conversations.id, sql.placeholder("id"))).prepare();
  return async (id) => {
    const values = (await statement.values({ id }))[0] as unknown[] | undefined;
    if (!values) return undefined;
    const row: Record<string, unknown> = {};
    COLUMNS.forEach(([key, column], i) => (row[key] = values[i] === null ? null : column.mapFromDriverValue(values[i])));
    return row as ConversationRow;
  };
}

// note: SQLite's one writer makes max(seq) + 1 safe and gap-free; on Postgres, writes made at once would all conflict
// on it, so a sequence gives the number (db/pg/migrations/0002_conversation_seq.sql).
const NEXT_SEQ = { sqlite: sql`select coalesce(max(${conversations.seq}), 0) + 1 from ${conversations}`, postgres: sql`select nextval('conversation_seq')` };

/** openConversation inserts a new open conversation of visitor (the next sequence number, every
 *  other column empty unless `set` gives it) inside a write, and returns its row. */
export async function openConversation(tx: Db, dialect: Store["dialect"], visitor: Pick<ConversationRow, "workspaceId" | "visitorId" | "contactId">, now: number, set: Partial<ConversationRow> = {}): Promise<ConversationRow> {
  const seq = Number((await tx.get<[number]>(NEXT_SEQ[dialect]))![0]);
  const row: ConversationRow = {
    id: newOrderedId("conv", now),
    seq,
    ...visitor,
    agentId: null,
    assigneeId: null,
    snoozedUntil: null,
    firstReplyAt: null,
    firstReplyBy: null,
    resolvedAt: null,
    resolvedBy: null,
    operatorStarted: false,
    lastReplySeq: null,
    kind: "chat",
    status: "open",
    fields: null,
    ticketForm: null,
    ticketFields: null,
    handler: null,
    waitingForTeam: false,
    createdAt: now,
    updatedAt: now,
    ...set,
  };
  await tx.insert(conversations).values(row).run();
  return row;
}

/** newMessageRow is a message about to be inserted: every column empty unless `set` gives it; its seq comes from the insert. */
export function newMessageRow(set: Pick<MessageRow, "id" | "conversationId" | "workspaceId" | "authorKind" | "authorName" | "body" | "createdAt"> & Partial<MessageRow>): MessageRow {
  return { seq: 0, authorAvatarUrl: null, visitorId: null, operatorRef: null, agentId: null, internal: false, clientId: null, sources: null, attachments: null, ...set };
}

/** PublicMessage is the only message shape that reaches the widget. */
export interface PublicMessage {
  id: string;
  conversationId: string;
  author: { kind: MessageRow["authorKind"]; name?: string; avatarUrl?: string };
  body: string;
  createdAt: string;
  clientId?: string;
  sources?: { title: string; url: string }[];
  attachments?: PublicAttachment[];
}

/** PublicConversation is the only conversation shape that reaches the widget. */
export interface PublicConversation {
  id: string;
  status: "open" | "closed";
  kind: "chat" | "ticket";
  createdAt: string;
  updatedAt: string;
  unreadCount: number;
  lastMessage?: PublicMessage;
  handler?: "agent" | "team";
}


/** publicMessage builds the allow-listed message: no operator ids, no internals. */
export function publicMessage(m: MessageRow): PublicMessage {
  const author: PublicMessage["author"] = { kind: m.authorKind };
  if (m.authorName) author.name = m.authorName;
  if (m.authorAvatarUrl) author.avatarUrl = m.authorAvatarUrl;
  const out: PublicMessage = { id: m.id, conversationId: m.conversationId, author, body: m.body, createdAt: iso(m.createdAt) };
  if (m.clientId && m.authorKind === "customer") out.clientId = m.clientId;
  if (m.sources?.length) out.sources = m.sources.map((s) => ({ title: s.title, url: s.url }));
  if (m.attachments?.length) out.attachments = m.attachments.map(publicAttachment);
  return out;
}

/** publicConversation builds the allow-listed conversation. */
export function publicConversation(c: ConversationRow, unreadCount: number, last?: MessageRow): PublicConversation {
  const out: PublicConversation = {
    id: c.id,
    status: c.status,
    kind: c.kind,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    unreadCount,
  };
  if (last) out.lastMessage = publicMessage(last);
  if (c.handler) out.handler = c.handler;
  return out;
}

/** canSee: a visitor sees its own conversations and, once verified, its contact's. */
export const canSee = (v: Visitor, c: Pick<ConversationRow, "workspaceId" | "visitorId" | "contactId">) =>
  c.workspaceId === v.workspaceId && (c.visitorId === v.id || (v.contactId !== null && c.contactId === v.contactId));

// note: prepared once per db (every caller passes its store's), one statement for operators and one for visitors.
const lastStatements = new WeakMap<Db, ReturnType<typeof prepareLast>>();

function prepareLast(db: Db) {
  const make = (internal: boolean) => {
    const among = internal ? inArray(messages.conversationId, slots("id")) : and(inArray(messages.conversationId, slots("id")), eq(messages.internal, false));
    const seqs = db.select({ seq: sql<number>`max(${messages.seq})`.as("seq") }).from(messages).where(among).groupBy(messages.conversationId);
    return db.select().from(messages).where(inArray(messages.seq, seqs)).prepare();
  };
  return { internal: make(true), public: make(false) };
}

/** lastMessages finds each conversation's last message in one query (per 100 conversations); internal notes count only for operators. */
export async function lastMessages(db: Db, ids: string[], opts: { internal: boolean }): Promise<Map<string, MessageRow>> {
  if (ids.length === 0) return new Map();
  let prepared = lastStatements.get(db);
  if (!prepared) lastStatements.set(db, (prepared = prepareLast(db)));
  const statement = opts.internal ? prepared.internal : prepared.public;
  const rows = await inChunks(ids, (chunk) => statement.all(filled("id", chunk, "")));
  return new Map(rows.map((m) => [m.conversationId, m]));
}

/**
 * ofWorkspace keeps conversations of one workspace without offering the planner the workspace
 * indexes: next to a visitor or contact term, an index by workspace would read the whole workspace.
 */
// note: an expression of the column makes the term unusable for an index, on SQLite and on Postgres (SQLite's own idiom,
// a unary +, is no operator on Postgres text); the workspace check stays as a guard, the visitor and contact indexes do
// the finding.
export const ofWorkspace = (workspaceId: unknown) => sql`${conversations.workspaceId} || '' = ${workspaceId}`;

/** visibleTo is canSee as SQL: the conversations rows a visitor sees. */
export const visibleTo = (v: Visitor) =>
  and(ofWorkspace(v.workspaceId), v.contactId ? or(eq(conversations.visitorId, v.id), eq(conversations.contactId, v.contactId)) : eq(conversations.visitorId, v.id));

// note: another visitor's conversation answers exactly like one that does not exist.
const notFound = () => new HttpError(404, "conversation_not_found", "No such conversation.", "conversationId");

/** ConversationRef is what access checks need; it never changes once contactId is set. */
export type ConversationRef = Pick<ConversationRow, "id" | "workspaceId" | "visitorId" | "contactId">;

/** ConversationReader answers the visitor-side reads with a bounded number of queries. */
export class ConversationReader {
  private byId;
  private refs = new Map<string, ConversationRef>();
  private unreadOne;
  private unreadOfVisitor;
  private unreadOfContact;
  constructor(
    private db: Db,
    private activity: ConversationActivity,
  ) {
    this.byId = conversationById(db);
    const unread = prepareUnread(db);
    this.unreadOne = unread.one;
    this.unreadOfVisitor = unread.ofVisitor;
    this.unreadOfContact = unread.ofContact;
  }

  /** visible returns the conversation if the visitor may see it, else a 404 (never a 403: no oracle). */
  async visible(visitor: Visitor, id: string): Promise<ConversationRow> {
    const c = await this.byId(id);
    if (!c || !canSee(visitor, c)) throw notFound();
    return c;
  }

  /** shown is visible() for an answer that shows the conversation: its activity is written first (see ./activity.ts);
   *  checks that only need access or status (typing, read marks, files) take visible() and wait for no write. */
  async shown(visitor: Visitor, id: string): Promise<ConversationRow> {
    await this.activity.settle();
    return this.visible(visitor, id);
  }

  /** visibleRef is visible() for hot read paths: the access facts come from memory once seen. */
  async visibleRef(visitor: Visitor, id: string): Promise<ConversationRef> {
    let ref = this.refs.get(id);
    if (!ref) {
      const c = await this.byId(id);
      if (!c) throw notFound();
      ref = { id: c.id, workspaceId: c.workspaceId, visitorId: c.visitorId, contactId: c.contactId };
      remember(this.refs, id, ref, 50_000);
    }
    if (!canSee(visitor, ref)) throw notFound();
    return ref;
  }

  /** forgetRefs drops the remembered access facts of conversations (one joined a contact, or was erased). */
  forgetRefs(ids: string[]) {
    for (const id of ids) this.refs.delete(id);
  }

  /** listFor returns the visitor's conversations (at most LIST_LIMIT), newest activity first, with unread and last message. */
  async listFor(visitor: Visitor): Promise<PublicConversation[]> {
    await this.activity.settle();
    const rows = await this.db
      .select()
      .from(conversations)
      .where(visibleTo(visitor))
      .orderBy(desc(conversations.updatedAt))
      .limit(LIST_LIMIT)
      .all();
    return this.decorate(visitor, rows);
  }

  /** decorate adds unread counts and last messages to rows in two queries. */
  async decorate(visitor: Visitor, rows: ConversationRow[]): Promise<PublicConversation[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const unread = await this.unreadByConversation(visitor.id, ids);
    const lastBy = await lastMessages(this.db, ids, { internal: false });
    return rows.map((r) => publicConversation(r, unread.get(r.id) ?? 0, lastBy.get(r.id)));
  }

  /** unreadByConversation counts operator, agent and system messages after the read mark. */
  async unreadByConversation(visitorId: string, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    if (ids.length === 1) return new Map([[ids[0]!, await this.unreadIn(visitorId, ids[0]!)]]);
    const rows = await this.db
      .select({ id: messages.conversationId, n: sql<number>`count(*)` })
      .from(messages)
      .leftJoin(readMarks, and(eq(readMarks.conversationId, messages.conversationId), eq(readMarks.visitorId, visitorId)))
      .where(and(inArray(messages.conversationId, ids), unreadFor))
      .groupBy(messages.conversationId)
      .all();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** unreadIn is the unread count of one conversation, by a statement prepared once. */
  async unreadIn(visitorId: string, conversationId: string): Promise<number> {
    return Number((await this.unreadOne.get({ visitorId, conversationId }))?.n ?? 0);
  }

  /** unreadTotal is the visitor's unread count across every conversation it sees. */
  async unreadTotal(visitor: Visitor): Promise<number> {
    const row = visitor.contactId
      ? await this.unreadOfContact.get({ visitorId: visitor.id, workspaceId: visitor.workspaceId, contactId: visitor.contactId })
      : await this.unreadOfVisitor.get({ visitorId: visitor.id, workspaceId: visitor.workspaceId });
    return Number(row?.n ?? 0);
  }
}

/** LIST_LIMIT is how many conversations a visitor's list shows (its newest). */
export const LIST_LIMIT = 50;

// note: what counts as unread for a visitor: public operator, agent and system messages after its read mark.
const unreadFor = and(eq(messages.internal, false), sql`${messages.authorKind} <> 'customer'`, sql`${messages.seq} > coalesce(${readMarks.lastReadSeq}, 0)`);

// note: the unread counts run on every change a visitor hears, so they are prepared once.
function prepareUnread(db: Db) {
  const p = sql.placeholder;
  const count = { n: sql<number>`count(*)` };
  const markOf = and(eq(readMarks.conversationId, messages.conversationId), eq(readMarks.visitorId, p("visitorId")));
  const total = (visible: SQL | undefined) =>
    db
      .select(count)
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .leftJoin(readMarks, markOf)
      .where(and(ofWorkspace(p("workspaceId")), visible, unreadFor))
      .prepare();
  return {
    one: db.select(count).from(messages).leftJoin(readMarks, markOf).where(and(eq(messages.conversationId, p("conversationId")), unreadFor)).prepare(),
    ofVisitor: total(eq(conversations.visitorId, p("visitorId"))),
    ofContact: total(or(eq(conversations.visitorId, p("visitorId")), eq(conversations.contactId, p("contactId")))),
  };
}

