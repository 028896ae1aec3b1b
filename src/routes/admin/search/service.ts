// Search: FTS5 over message text (message_fts, filled by src/domain/search-index.ts) and over each
// conversation's people and fields (conversation_fts, kept by triggers), within the caller's workspaces only.
import { sql } from "drizzle-orm";
import { HttpError } from "../../../lib/http-error";
import { workspaces } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { escapeHtml, iso } from "../../../lib/text";
import { existingWorkspace } from "../shared";
import { fold, recentMatches, textSnippet } from "./recent";
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
  internal: number;
  snippet: string;
  at: number;
  name: string | null;
}
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
    // note: the search indexes are SQLite's (FTS5); Postgres has none yet (issue 10).
    if (this.ctx.store.dialect !== "sqlite") throw new HttpError(501, "search_unavailable", "Search is not available on Postgres yet.");
    const scope = await this.scope(operator, query.workspace);
    const match = ftsQuery(query.q);
    if (!match || scope.length === 0) return { results: [] };
    // note: new messages reach the index in batches off the request path; what waits is indexed now.
    await this.ctx.searchIndex.catchUp();
    const db = this.ctx.store.db;
    const inScope = sql.join(
      scope.map((id) => sql`${id}`),
      sql`, `,
    );
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
      const words = (query.q.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
      const whole = words.length > 1 ? ftsQuery(words.slice(0, -1).join(" "), true) : null;
      const recent = await recentMatches(db, whole, fold(words.at(-1)!), inScope, MESSAGE_HITS);
      if (recent.seqs.length < MESSAGE_HITS && !recent.complete) return await messagesFor(match, MESSAGE_HITS);
      if (recent.seqs.length === 0) return [];
      const rows = await db.all<MessageHit & { body: string }>(sql`
        ${select}, m.body as body from message m join conversation c on c.id = m.conversation_id ${PEOPLE}
        where m.seq in (${sql.join(recent.seqs.map((s) => sql`${s}`), sql`, `)}) order by m.seq desc`);
      return rows.map(({ body, ...m }) => ({ ...m, snippet: textSnippet(body, words.map(fold), OPEN, CLOSE) }));
    };
    const messages = await messagesFor(ftsQuery(query.q, true)!, MESSAGE_HITS);
    if (messages.length < MESSAGE_HITS) {
      const seen = new Set(messages.map((m) => m.messageId));
      messages.push(...(await prefixed()).filter((m) => !seen.has(m.messageId)).slice(0, MESSAGE_HITS - messages.length));
    }
    const byColumn = (column: string, col: number) =>
      db.all<ConversationHit>(sql`
        select c.id as conversationId, c.workspace_id as workspaceId, c.visitor_id as visitorId,
               snippet(conversation_fts, ${col}, ${OPEN}, ${CLOSE}, '…', 16) as snippet, c.updated_at as at, ${WHO} as name
        from conversation_fts join conversation c on c.seq = conversation_fts.rowid ${PEOPLE}
        where conversation_fts match ${`{${column}} : (${match})`} and c.workspace_id in (${inScope})
        order by conversation_fts.rowid desc limit ${CONVERSATION_HITS}`);
    const [people, fields] = await Promise.all([byColumn("who", 0), byColumn("fields", 1)]);
    return {
      results: [
        ...messages.map((m): SearchResult => ({ kind: "message", conversationId: m.conversationId, workspaceId: m.workspaceId, visitorId: m.visitorId, messageId: m.messageId, internal: !!m.internal, snippet: markSnippet(m.snippet), at: iso(m.at), name: m.name })),
        ...people.map((c): SearchResult => ({ kind: "visitor", conversationId: c.conversationId, workspaceId: c.workspaceId, visitorId: c.visitorId, snippet: markSnippet(c.snippet), at: iso(c.at), name: c.name })),
        ...fields.map((c): SearchResult => ({ kind: "conversation", conversationId: c.conversationId, workspaceId: c.workspaceId, snippet: markSnippet(c.snippet), at: iso(c.at), name: c.name })),
      ],
    };
  }

  /** scope is the workspaces searched: the one asked for (checked), or every one the caller belongs to. */
  private async scope(operator: Operator, workspaceId: string | undefined): Promise<string[]> {
    const db = this.ctx.store.db;
    if (workspaceId) return [(await existingWorkspace(db, operator, workspaceId)).id];
    if (!operator.all) return [...operator.workspaces.keys()];
    return (await db.select({ id: workspaces.id }).from(workspaces).all()).map((w) => w.id);
  }
}

