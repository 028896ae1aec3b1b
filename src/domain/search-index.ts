// The message search index (message_fts) is filled off the request path: a send only inserts its
// row; this indexer adds new messages to the index in batches, and search catches up first.
// note: message_fts_mark holds the highest message seq in the index. Writes are serialized (one
// write transaction at a time, across processes), so inside a write every message up to the
// newest seq is committed: no message can appear later with a seq below the mark. The delete and
// update triggers (migration 0013) touch the index only for messages at or below the mark.
import { yieldToLoop } from "../lib/deadline";
import { sql } from "drizzle-orm";
import type { Store } from "../../db/store";

/** INDEX_BATCH is how many messages one indexing step adds (one write transaction, a few ms). */
export const INDEX_BATCH = 500;

/** MessageIndexer adds messages to the search index in batches, between requests. */
export class MessageIndexer {
  private ticking = false;

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

  /** start indexes waiting messages every intervalMs; it returns the stop. */
  start(intervalMs = 500, log: (message: string) => void = console.error): () => void {
    // note: the index is SQLite's (FTS5); on Postgres there is nothing to fill yet (issue 10).
    if (this.store.dialect !== "sqlite") return () => {};
    const tick = async () => {
      if (this.ticking) return;
      this.ticking = true;
      try {
        await this.catchUp();
      } catch (e) {
        log(`woes: search indexing failed: ${(e as Error).message}`);
      } finally {
        this.ticking = false;
      }
    };
    const timer = setInterval(() => void tick(), intervalMs);
    (timer as { unref?: () => void }).unref?.();
    return () => clearInterval(timer);
  }
}
