// Conversations as a visitor sees them: who may see what, unread counts, public serializers.
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { conversations, messages, readMarks } from "../../db/schema";
import type { Db } from "../../db/store";
import { HttpError } from "../lib/http-error";
import type { Visitor } from "./visitors";
import { remember } from "../lib/cache";
import { iso } from "../lib/text";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** PublicMessage is the only message shape that reaches the widget. */
export interface PublicMessage {
  id: string;
  conversationId: string;
  author: { kind: MessageRow["authorKind"]; name?: string; avatarUrl?: string };
  body: string;
  createdAt: string;
  clientId?: string;
  sources?: { title: string; url: string }[];
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

/** lastMessages finds each conversation's last message in one query; internal notes count only for operators. */
export async function lastMessages(db: Db, ids: string[], opts: { internal: boolean }): Promise<Map<string, MessageRow>> {
  if (ids.length === 0) return new Map();
  const among = opts.internal ? inArray(messages.conversationId, ids) : and(inArray(messages.conversationId, ids), eq(messages.internal, false));
  const seqs = db.select({ seq: sql<number>`max(${messages.seq})`.as("seq") }).from(messages).where(among).groupBy(messages.conversationId);
  const rows = await db.select().from(messages).where(inArray(messages.seq, seqs)).all();
  return new Map(rows.map((m) => [m.conversationId, m]));
}

/** visibleTo is canSee as SQL: the conversations rows a visitor sees. */
export const visibleTo = (v: Visitor) =>
  and(eq(conversations.workspaceId, v.workspaceId), v.contactId ? or(eq(conversations.visitorId, v.id), eq(conversations.contactId, v.contactId)) : eq(conversations.visitorId, v.id));

// note: another visitor's conversation answers exactly like one that does not exist.
const notFound = () => new HttpError(404, "conversation_not_found", "No such conversation.", "conversationId");

/** ConversationRef is what access checks need; it never changes once contactId is set. */
export type ConversationRef = Pick<ConversationRow, "id" | "workspaceId" | "visitorId" | "contactId">;

/** ConversationReader answers the visitor-side reads with a bounded number of queries. */
export class ConversationReader {
  private byId;
  private refs = new Map<string, ConversationRef>();
  constructor(private db: Db) {
    this.byId = db.select().from(conversations).where(eq(conversations.id, sql.placeholder("id"))).prepare();
  }

  /** visible returns the conversation if the visitor may see it, else a 404 (never a 403: no oracle). */
  async visible(visitor: Visitor, id: string): Promise<ConversationRow> {
    const c = await this.byId.get({ id });
    if (!c || !canSee(visitor, c)) throw notFound();
    return c;
  }

  /** visibleRef is visible() for hot read paths: the access facts come from memory once seen. */
  async visibleRef(visitor: Visitor, id: string): Promise<ConversationRef> {
    let ref = this.refs.get(id);
    if (!ref) {
      const c = await this.byId.get({ id });
      if (!c) throw notFound();
      ref = { id: c.id, workspaceId: c.workspaceId, visitorId: c.visitorId, contactId: c.contactId };
      remember(this.refs, id, ref, 50_000);
    }
    if (!canSee(visitor, ref)) throw notFound();
    return ref;
  }

  /** forgetRefs drops the remembered access facts of conversations that just joined a contact. */
  forgetRefs(ids: string[]) {
    for (const id of ids) this.refs.delete(id);
  }

  /** listFor returns the visitor's conversations, newest activity first, with unread and last message. */
  async listFor(visitor: Visitor, limit = 50): Promise<PublicConversation[]> {
    const rows = await this.db
      .select()
      .from(conversations)
      .where(visibleTo(visitor))
      .orderBy(desc(conversations.updatedAt))
      .limit(limit)
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
    const rows = await this.db
      .select({ id: messages.conversationId, n: sql<number>`count(*)` })
      .from(messages)
      .leftJoin(readMarks, and(eq(readMarks.conversationId, messages.conversationId), eq(readMarks.visitorId, visitorId)))
      .where(
        and(
          inArray(messages.conversationId, ids),
          eq(messages.internal, false),
          sql`${messages.authorKind} <> 'customer'`,
          sql`${messages.seq} > coalesce(${readMarks.lastReadSeq}, 0)`,
        ),
      )
      .groupBy(messages.conversationId)
      .all();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** unreadTotal is the visitor's unread count across every conversation it sees. */
  async unreadTotal(visitor: Visitor): Promise<number> {
    const row = await this.db
      .select({ n: sql<number>`count(*)` })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .leftJoin(readMarks, and(eq(readMarks.conversationId, messages.conversationId), eq(readMarks.visitorId, visitor.id)))
      .where(
        and(
          visibleTo(visitor),
          eq(messages.internal, false),
          sql`${messages.authorKind} <> 'customer'`,
          sql`${messages.seq} > coalesce(${readMarks.lastReadSeq}, 0)`,
        ),
      )
      .get();
    return Number(row?.n ?? 0);
  }
}

