// Search over message text and over each conversation's people and fields, within the caller's workspaces only:
// on SQLite with FTS5 (message_fts, filled by src/domain/search-index.ts; conversation_fts, kept by triggers), on
// Postgres with the words tables that indexer fills (db/pg/migrations/0003_search.sql).
import { sql, type SQL } from "drizzle-orm";
import { workspaces } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { escapeHtml, iso } from "../../../lib/text";
import { existingWorkspace } from "../shared";
import { recentMatches, textSnippet } from "./recent";
import { fold, searchWords, WORD } from "../../../lib/words";
import type { Operator } from "../../../plugins/admin-auth";
import type { SearchQuery, SearchResult } from "./model";

// note: a bound per kind; messages are the many, so they get most of one answer.
const MESSAGE_HITS = 30;
const CONVERSATION_HITS = 10;
// note: FTS5's snippet() marks matches with these; they cannot survive into the escaped answer.
const OPEN = "\u0001";
const CLOSE = "\u0002";
// note: each hit names its person: the verified contact's name or email first, else the visitor's.
const PEOPLE = sql.raw("join visitor v on v.id = c.visitor_id left join contact ct on ct.id = coalesce(c.contact_id, v.contact_id)");
const WHO = sql.raw("coalesce(ct.name, v.name, ct.email, v.email)");

/** ftsQuery turns what an operator typed into an FTS5 query: every word must match, the last one
 *  as a prefix (search as you type) unless `whole`; null when nothing searchable is left. */
export function ftsQuery(q: string, whole = false): string | null {
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  // note: each word is quoted, so FTS5 operators typed by the caller (AND, NEAR, col:) are plain words.
  return words
    .slice(0, 12)
    .map((w, i, all) => `"${w}"${i === all.length - 1 && !whole ? "*" : ""}`)
    .join(" ");
}

/** markSnippet escapes an FTS5 snippet as HTML and turns its match markers into <mark> elements. */
export function markSnippet(raw: string): string {
  return escapeHtml(raw.replace(/\s+/g, " ").trim())
    .replaceAll(OPEN, "<mark>")
    .replaceAll(CLOSE, "</mark>");
}

interface MessageHit {
  messageId: string;
  conversationId: string;
  workspaceId: string;
  visitorId: string;
  internal: number | boolean;
  snippet: string;
  at: number;
  name: string | null;
}
/** Found is what one search found, its snippets marked with OPEN and CLOSE. */
interface Found {
  messages: MessageHit[];
  people: ConversationHit[];
  fields: ConversationHit[];
}

/** unseen is the hits of more that are not among hits, as many as fit in MESSAGE_HITS. */
const unseen = (hits: MessageHit[], more: MessageHit[]) => {
  const seen = new Set(hits.map((m) => m.messageId));
  return more.filter((m) => !seen.has(m.messageId)).slice(0, MESSAGE_HITS - hits.length);
};

interface ConversationHit {
  conversationId: string;
  workspaceId: string;
  visitorId: string;
  snippet: string;
  at: number;
  name: string | null;
}

/** SearchService answers the operator's search box. */
export class SearchService {
  constructor(private ctx: AppContext) {}

  /** search finds messages (notes included), visitors and conversation fields matching q in the caller's workspaces. */
  async search(operator: Operator, query: SearchQuery): Promise<{ results: SearchResult[] }> {
    await this.ctx.activity.settle();
    const scope = await this.scope(operator, query.workspace);
    const match = ftsQuery(query.q);
    if (!match || scope.length === 0) return { results: [] };
    // note: new messages reach the index in batches off the request path; what waits is indexed now.
    await this.ctx.searchIndex.catchUp();
    const inScope = sql.join(
      scope.map((id) => sql`${id}`),
      sql`, `,
    );
    const { messages, people, fields } = this.ctx.store.dialect === "sqlite" ? await this.fts5(query.q, match, inScope) : await this.words(query.q, inScope);
    return {
      results: [
        ...messages.map((m): SearchResult => ({ kind: "message", conversationId: m.conversationId, workspaceId: m.workspaceId, visitorId: m.visitorId, messageId: m.messageId, internal: !!m.internal, snippet: markSnippet(m.snippet), at: iso(m.at), name: m.name })),
        ...people.map((c): SearchResult => ({ kind: "visitor", conversationId: c.conversationId, workspaceId: c.workspaceId, visitorId: c.visitorId, snippet: markSnippet(c.snippet), at: iso(c.at), name: c.name })),
        ...fields.map((c): SearchResult => ({ kind: "conversation", conversationId: c.conversationId, workspaceId: c.workspaceId, snippet: markSnippet(c.snippet), at: iso(c.at), name: c.name })),
      ],
    };
  }

  /** fts5 searches SQLite's FTS5 indexes. */
  private async fts5(q: string, match: string, inScope: SQL): Promise<Found> {
    const db = this.ctx.store.db;
    // note: newest first, walking the FTS index backwards by rowid: it stops after enough hits
    // instead of ranking every match. A prefix query merges the lists of every word it starts
    // (slow for a common word at a million messages), so whole words are asked first, and the
    // prefix is matched against the newest messages (src/routes/admin/search/recent.ts); FTS5's
    // prefix query runs only when that window holds too few matches.
    const select = sql`select m.id as messageId, m.conversation_id as conversationId, m.workspace_id as workspaceId, c.visitor_id as visitorId,
               m.internal as internal, m.created_at as at, ${WHO} as name`;
    const messagesFor = (m: string, limit: number) =>
      db.all<MessageHit>(sql`
        ${select}, snippet(message_fts, 0, ${OPEN}, ${CLOSE}, '…', 16) as snippet
        from message_fts join message m on m.seq = message_fts.rowid join conversation c on c.id = m.conversation_id ${PEOPLE}
        where message_fts match ${m} and m.workspace_id in (${inScope})
        order by message_fts.rowid desc limit ${limit}`);
    const prefixed = async (): Promise<MessageHit[]> => {
      const words = (q.match(WORD) ?? []).slice(0, 12);
      const whole = words.length > 1 ? ftsQuery(words.slice(0, -1).join(" "), true) : null;
      const recent = await recentMatches(db, whole, fold(words.at(-1)!), inScope, MESSAGE_HITS);
      if (recent.seqs.length < MESSAGE_HITS && !recent.complete) return await messagesFor(match, MESSAGE_HITS);
      if (recent.seqs.length === 0) return [];
      const rows = await db.all<MessageHit & { body: string }>(sql`
        ${select}, m.body as body from message m join conversation c on c.id = m.conversation_id ${PEOPLE}
        where m.seq in (${sql.join(recent.seqs.map((s) => sql`${s}`), sql`, `)}) order by m.seq desc`);
      return rows.map(({ body, ...m }) => ({ ...m, snippet: textSnippet(body, words.map(fold), OPEN, CLOSE) }));
    };
    const messages = await messagesFor(ftsQuery(q, true)!, MESSAGE_HITS);
    if (messages.length < MESSAGE_HITS) messages.push(...unseen(messages, await prefixed()));
    const byColumn = (column: string, col: number) =>
      db.all<ConversationHit>(sql`
        select c.id as conversationId, c.workspace_id as workspaceId, c.visitor_id as visitorId,
               snippet(conversation_fts, ${col}, ${OPEN}, ${CLOSE}, '…', 16) as snippet, c.updated_at as at, ${WHO} as name
        from conversation_fts join conversation c on c.seq = conversation_fts.rowid ${PEOPLE}
        where conversation_fts match ${`{${column}} : (${match})`} and c.workspace_id in (${inScope})
        order by conversation_fts.rowid desc limit ${CONVERSATION_HITS}`);
    const [people, fields] = await Promise.all([byColumn("who", 0), byColumn("fields", 1)]);
    return { messages, people, fields };
  }

  /** words searches Postgres's words tables: the same folded words, whole first, then the last one as a prefix. */
  private async words(q: string, inScope: SQL): Promise<Found> {
    const db = this.ctx.store.db;
    const words = searchWords(q).slice(0, 12);
    // note: a quoted lexeme in a tsquery is taken as written; a word holds only letters and digits, never a quote.
    const tsquery = (prefix: boolean) => words.map((w, i) => `'${w}'${prefix && i === words.length - 1 ? ":*" : ""}`).join(" & ");
    const snippet = (text: string) => textSnippet(text, words, OPEN, CLOSE);
    const messagesFor = async (query: string) =>
      (
        await db.all<Omit<MessageHit, "snippet"> & { body: string }>(sql`
          select m.id as "messageId", m.conversation_id as "conversationId", m.workspace_id as "workspaceId", c.visitor_id as "visitorId",
                 m.internal as internal, m.created_at as at, ${WHO} as name, m.body as body
          from message_words w join message m on m.seq = w.seq join conversation c on c.id = m.conversation_id ${PEOPLE}
          where w.words @@ cast(${query} as tsquery) and m.workspace_id in (${inScope})
          order by w.seq desc limit ${MESSAGE_HITS}`)
      ).map(({ body, ...m }) => ({ ...m, snippet: snippet(body) }));
    const messages = await messagesFor(tsquery(false));
    if (messages.length < MESSAGE_HITS) messages.push(...unseen(messages, await messagesFor(tsquery(true))));
    const byColumn = async (column: "who" | "fields") =>
      (
        await db.all<Omit<ConversationHit, "snippet"> & { text: string }>(sql`
          select c.id as "conversationId", c.workspace_id as "workspaceId", c.visitor_id as "visitorId", w.${sql.raw(column)} as text,
                 c.updated_at as at, ${WHO} as name
          from conversation_words w join conversation c on c.id = w.conversation_id ${PEOPLE}
          where w.${sql.raw(column === "who" ? "who_words" : "field_words")} @@ cast(${tsquery(true)} as tsquery) and c.workspace_id in (${inScope})
          order by c.seq desc limit ${CONVERSATION_HITS}`)
      ).map(({ text, ...c }) => ({ ...c, snippet: snippet(text) }));
    const [people, fields] = await Promise.all([byColumn("who"), byColumn("fields")]);
    return { messages, people, fields };
  }

  /** scope is the workspaces searched: the one asked for (checked), or every one the caller belongs to. */
  private async scope(operator: Operator, workspaceId: string | undefined): Promise<string[]> {
    const db = this.ctx.store.db;
    if (workspaceId) return [(await existingWorkspace(db, operator, workspaceId)).id];
    if (!operator.all) return [...operator.workspaces.keys()];
    return (await db.select({ id: workspaces.id }).from(workspaces).all()).map((w) => w.id);
  }
}

