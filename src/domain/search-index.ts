// The search indexes are filled off the request path: a send only inserts its row; an indexer adds
// new messages to the index in batches, and search catches up first.
// On SQLite the index is FTS5's message_fts (conversation_fts is kept by triggers):
// note: message_fts_mark holds the highest message seq in the index. Writes are serialized (one
// write transaction at a time, across processes), so inside a write every message up to the
// newest seq is committed: no message can appear later with a seq below the mark. The delete and
// update triggers (migration 0013) touch the index only for messages at or below the mark.
// On Postgres the indexes are message_words and conversation_words (db/pg/migrations/0003_search.sql): triggers
// queue each new or changed row, and the indexer writes its folded words (src/lib/words.ts).
import { yieldToLoop } from "../lib/deadline";
import { every } from "../lib/timers";
import { searchWords } from "../lib/words";
import { sql } from "drizzle-orm";
import type { Store } from "../../db/store";

/** INDEX_BATCH is how many messages one indexing step adds (one write transaction, a few ms). */
export const INDEX_BATCH = 500;

/** SearchIndex fills the search indexes between requests; search calls catchUp before it queries. */
export interface SearchIndex {
  /** catchUp indexes every message and conversation change committed before it was called. */
  catchUp(): Promise<void>;
  /** start indexes what waits every intervalMs; it returns the stop. */
  start(intervalMs?: number, log?: (message: string) => void): () => void;
}

/** openSearchIndex answers the store's indexer: FTS5's on SQLite, the words tables' on Postgres. */
export function openSearchIndex(store: Store): SearchIndex {
  return store.dialect === "sqlite" ? new MessageIndexer(store) : new PostgresIndexer(store);
}

/** indexEvery runs catchUp every intervalMs, never two at once, and logs what fails; it returns the stop. */
function indexEvery(catchUp: () => Promise<void>, intervalMs: number, log: (message: string) => void): () => void {
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      await catchUp();
    } catch (e) {
      log(`woes: search indexing failed: ${(e as Error).message}`);
    } finally {
      ticking = false;
    }
  };
  return every(() => void tick(), intervalMs);
}

/** MessageIndexer adds messages to the search index in batches, between requests. */
export class MessageIndexer implements SearchIndex {
  constructor(
    private store: Store,
    private batch = INDEX_BATCH,
  ) {}

  /** state reads the mark and the newest message's seq (two lookups by primary key, no write). */
  private async state(): Promise<{ mark: number; last: number }> {
    const [row] = await this.store.db.all<{ mark: number; last: number | null }>(sql`select (select seq from message_fts_mark) as mark, (select max(seq) from message) as last`);
    return { mark: row?.mark ?? 0, last: row?.last ?? 0 };
  }

  /** step indexes up to one batch of the oldest waiting messages in one write and answers the new mark. */
  step(): Promise<number> {
    return this.store.write(async (tx) => {
      const mark = (await tx.all<{ seq: number }>(sql`select seq from message_fts_mark`))[0]!.seq;
      const upto = (await tx.all<{ seq: number | null }>(sql`select max(seq) as seq from (select seq from message where seq > ${mark} order by seq limit ${this.batch})`))[0]?.seq;
      if (upto == null) return mark;
      await tx.run(sql`insert into message_fts (rowid, body) select seq, body from message where seq > ${mark} and seq <= ${upto}`);
      await tx.run(sql`update message_fts_mark set seq = ${upto}`);
      return upto;
    });
  }

  /** catchUp indexes every message committed before it was called, one batch per write; search
   *  calls it before it queries, so a result is never older than the last committed message.
   *  note: it runs its own steps rather than joining one in flight, which may have read the mark
   *  before the newest message; two runs never index a message twice (each step reads the mark
   *  inside its write). */
  async catchUp(): Promise<void> {
    let { mark, last } = await this.state();
    while (mark < last) {
      const before = mark;
      mark = await this.step();
      // note: unchanged when the waiting messages were deleted meanwhile: nothing is left to index.
      if (mark === before) return;
      if (mark < last) await yieldToLoop();
    }
  }

  start(intervalMs = 500, log: (message: string) => void = console.error): () => void {
    return indexEvery(() => this.catchUp(), intervalMs, log);
  }
}

/** fieldsText is a conversation's fields as SQLite's conversation_search_doc writes them: "key: value · key: value". */
function fieldsText(json: string | null): string {
  let fields: unknown;
  try {
    fields = json ? JSON.parse(json) : null;
  } catch {
    return "";
  }
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return "";
  return Object.entries(fields)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ");
}

// note: words are written as one space-separated text each (a word has no space), split by Postgres.
const tsvector = (words: string[]) => words.join(" ");

/** PostgresIndexer keeps message_words and conversation_words: it reads the rows a trigger queued, splits and folds
 *  their words here, and writes them back in one write per batch. */
export class PostgresIndexer implements SearchIndex {
  constructor(
    private store: Store,
    private batch = INDEX_BATCH,
  ) {}

  /** step indexes up to one batch of waiting messages and one of waiting conversations; it answers how many rows it
   *  read and how many of them it marked indexed (a row changed since it was read waits for the next step). */
  async step(): Promise<{ read: number; written: number }> {
    const db = this.store.db;
    const messages = await db.all<{ seq: number; version: number; body: string }>(sql`
      select w.seq as seq, w.version as version, m.body as body from message_words w join message m on m.seq = w.seq
      where w.indexed < w.version order by w.seq limit ${this.batch}`);
    const conversations = await db.all<{ id: string; version: number; who: string; fields: string | null; ticketFields: string | null }>(sql`
      select w.conversation_id as id, w.version as version, concat_ws(' ', v.name, v.email, ct.name, ct.email) as who,
             c.fields as fields, c.ticket_fields as "ticketFields"
      from conversation_words w join conversation c on c.id = w.conversation_id join visitor v on v.id = c.visitor_id
      left join contact ct on ct.id = coalesce(c.contact_id, v.contact_id)
      where w.indexed < w.version limit ${this.batch}`);
    if (messages.length + conversations.length === 0) return { read: 0, written: 0 };
    const messageRows = JSON.stringify(messages.map((m) => ({ seq: m.seq, version: m.version, words: tsvector(searchWords(m.body)) })));
    const conversationRows = JSON.stringify(
      conversations.map((c) => {
        const fields = [fieldsText(c.fields), fieldsText(c.ticketFields)].filter(Boolean).join(" ");
        return { id: c.id, version: c.version, who: c.who, fields, whoWords: tsvector(searchWords(c.who)), fieldWords: tsvector(searchWords(fields)) };
      }),
    );
    // note: a row is marked indexed only at the version read; one changed meanwhile stays waiting.
    const written = await this.store.write(async (tx) => {
      const a = await tx.all<{ n: number }>(sql`
        with done as (
          update message_words w set words = array_to_tsvector(string_to_array(d.words, ' ')), indexed = d.version
          from json_to_recordset(cast(${messageRows} as json)) as d(seq bigint, version bigint, words text)
          where w.seq = d.seq and w.version = d.version returning 1)
        select count(*) as n from done`);
      const b = await tx.all<{ n: number }>(sql`
        with done as (
          update conversation_words w set who = d.who, fields = d.fields, indexed = d.version,
            who_words = array_to_tsvector(string_to_array(d."whoWords", ' ')), field_words = array_to_tsvector(string_to_array(d."fieldWords", ' '))
          from json_to_recordset(cast(${conversationRows} as json)) as d(id text, version bigint, who text, fields text, "whoWords" text, "fieldWords" text)
          where w.conversation_id = d.id and w.version = d.version returning 1)
        select count(*) as n from done`);
      return Number(a[0]?.n ?? 0) + Number(b[0]?.n ?? 0);
    });
    return { read: messages.length + conversations.length, written };
  }

  /** catchUp indexes every row queued before it was called, one batch per write. */
  async catchUp(): Promise<void> {
    for (;;) {
      const { read, written } = await this.step();
      // note: nothing marked means every row read changed meanwhile (or is being indexed by another instance):
      // they wait for the next tick rather than spinning here.
      if (read === 0 || written === 0) return;
      await yieldToLoop();
    }
  }

  start(intervalMs = 500, log: (message: string) => void = console.error): () => void {
    return indexEvery(() => this.catchUp(), intervalMs, log);
  }
}
