// HistoryCache keeps the recent public messages of busy conversations as ready JSON.
// note: history reads are the widget's hottest path (every open widget polls or chains
// long polls); this process is the only writer, so appending on publish keeps it exact. On Postgres (N instances
// writing) it is off: every page is read from the database.
import { and, desc, eq, sql } from "drizzle-orm";
import { messages } from "../../db/schema";
import type { Db } from "../../db/store";
import { publicMessage, type MessageRow } from "./conversations";
import { remember } from "../lib/cache";

const KEEP = 500;
const MAX_CONVERSATIONS = 2_000;

interface Entry {
  /** every public message of the conversation with seq > floor is in seqs/json. */
  floor: number;
  seqs: number[];
  ids: string[];
  json: string[];
  /** last is the page answered last, handed out again (the same object) for the same range until the conversation changes. */
  last?: { after: number; limit: number; page: CachedPage };
}

/** A page of history: message JSON texts and the id of the last one shown (null: none). */
export interface CachedPage {
  readonly json: readonly string[];
  readonly lastId: string | null;
  readonly hasMore: boolean;
  /** shared marks a page from the cache: every read of its range gets this same object until its conversation changes,
   *  so what is derived from it can be kept with it. */
  readonly shared?: true;
}

/** HistoryCache answers history pages from memory when it holds the range asked for. */
export class HistoryCache {
  private entries = new Map<string, Entry>();
  private latest;

  /** enabled: false answers every page from the database (where other processes write too). */
  constructor(
    db: Db,
    private enabled = true,
  ) {
    this.latest = db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, sql.placeholder("conversationId")), eq(messages.internal, false)))
      .orderBy(desc(messages.seq))
      .limit(KEEP)
      .prepare();
  }

  /** page returns up to limit messages after seq `after`, or null when the cache cannot answer. */
  async page(conversationId: string, after: number, limit: number): Promise<CachedPage | null> {
    if (!this.enabled) return null;
    const entry = this.entries.get(conversationId) ?? await this.fill(conversationId);
    if (after < entry.floor) return null;
    if (entry.last && entry.last.after === after && entry.last.limit === limit) return entry.last.page;
    let lo = 0;
    let hi = entry.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entry.seqs[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    const end = Math.min(lo + limit, entry.seqs.length);
    const page = { json: entry.json.slice(lo, end), lastId: end > lo ? entry.ids[end - 1]! : null, hasMore: end < entry.seqs.length, shared: true } as const;
    entry.last = { after, limit, page };
    return page;
  }

  /** seqOf finds a cached message's position by its public id (newest first: cursors are recent). */
  seqOf(conversationId: string, id: string): number | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    const at = entry.ids.lastIndexOf(id);
    return at >= 0 ? entry.seqs[at] : undefined;
  }

  /** forget drops a conversation's cached messages (after it was erased). */
  forget(conversationId: string) {
    this.entries.delete(conversationId);
  }

  /** append adds a newly stored public message to its conversation's entry, if cached. */
  append(message: MessageRow) {
    const entry = this.entries.get(message.conversationId);
    if (!entry || message.internal || message.seq <= entry.floor) return;
    let at = entry.seqs.length;
    while (at > 0 && entry.seqs[at - 1]! > message.seq) at--;
    if (entry.seqs[at - 1] === message.seq) return;
    entry.last = undefined;
    entry.seqs.splice(at, 0, message.seq);
    entry.ids.splice(at, 0, message.id);
    entry.json.splice(at, 0, renderMessage(message));
    if (entry.seqs.length > KEEP + 100) {
      entry.seqs.splice(0, 100);
      entry.ids.splice(0, 100);
      entry.json.splice(0, 100);
      entry.floor = entry.seqs[0]! - 1;
    }
  }

  private async fill(conversationId: string): Promise<Entry> {
    // note: SQLite answers within this task, so no write can land between this read and the set below; a driver that
    // answers over a socket breaks that, and the fill would then have to take the appends made while it reads.
    const rows = ((await this.latest.all({ conversationId })) as MessageRow[]).reverse();
    const entry: Entry = {
      floor: rows.length < KEEP ? 0 : rows[0]!.seq - 1,
      seqs: rows.map((r) => r.seq),
      ids: rows.map((r) => r.id),
      json: rows.map(renderMessage),
    };
    remember(this.entries, conversationId, entry, MAX_CONVERSATIONS);
    return entry;
  }
}

/** renderMessage is a message's public JSON (held to the PublicMessage schema by test/routes/widget/answers.test.ts). */
export const renderMessage = (m: MessageRow) => JSON.stringify(publicMessage(m));
