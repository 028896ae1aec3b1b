// A conversation's activity (updated_at: the inbox's order, the widget's list) after a customer message is written
// behind the send on SQLite. A send into an open conversation only inserts its message; one write then moves every
// conversation that had customer messages since a mark to its newest one, every ACTIVITY_MS and before any read of
// activity. In a busy workspace each move dirties a page of the conversation table and one of the inbox index, at
// random; written behind, a conversation moves once for all its messages since the last write, and its pages are
// written once for all the conversations on them.
// note: conversation_activity_mark holds the highest message seq whose activity is written. Writes are serialized (one
// write transaction at a time, across processes), so inside a write every message up to the newest seq is committed:
// no customer message can appear later below the mark. On Postgres a sequence's order is not commit order, so a mark
// could pass over a message not yet committed: there a send moves its conversation itself.
import { sql } from "drizzle-orm";
import type { Store } from "../../db/store";
import { yieldToLoop } from "../lib/deadline";
import { every } from "../lib/timers";

/** ACTIVITY_MS is how often waiting activity is written: the longest a reader that does not settle first sees it late. */
export const ACTIVITY_MS = 200;

/** ACTIVITY_BATCH bounds the messages one write reads (after a crash under load, many may wait). */
const ACTIVITY_BATCH = 5000;

/** ConversationActivity writes customer messages' activity behind their sends (see above). */
export class ConversationActivity {
  /** behind: a send into an open conversation leaves its activity to this (SQLite); on Postgres it writes it. */
  readonly behind: boolean;
  // note: true at start, so the first settle writes what a stop without one (a crash) left behind.
  private waiting: boolean;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  constructor(
    private store: Store,
    private log: (message: string) => void = console.error,
  ) {
    this.behind = store.dialect === "sqlite";
    this.waiting = this.behind;
  }

  /** wrote tells that a customer message whose activity waits is being stored (called inside its write). */
  wrote() {
    this.waiting = true;
  }

  /** settle writes the activity of every customer message stored before it was called. It never fails: what it could
   *  not write waits for the next settle (a reader then sees the activity as it was). */
  settle(): Promise<void> {
    if (this.running) {
      if (!this.waiting) return this.running;
      // note: the write under way may have read its range before the messages this caller knows of: one more follows.
      return (this.queued ??= this.running.then(() => {
        this.queued = null;
        return this.settle();
      }));
    }
    if (!this.waiting) return Promise.resolve();
    this.waiting = false;
    const run = this.catchUp()
      .catch((e: Error) => {
        this.waiting = true;
        this.log(`woes: conversation activity could not be written: ${e.message}`);
      })
      .finally(() => {
        this.running = null;
      });
    this.running = run;
    return run;
  }

  /** start settles every ACTIVITY_MS; it returns the stop. */
  start(): () => void {
    return every(() => void this.settle(), ACTIVITY_MS);
  }

  private async catchUp() {
    for (;;) {
      const done = await this.store.write(async (tx) => {
        const mark = (await tx.all<{ seq: number }>(sql`select seq from conversation_activity_mark`))[0]!.seq;
        const last = (await tx.all<{ seq: number | null }>(sql`select max(seq) as seq from message`))[0]?.seq ?? 0;
        if (last <= mark) return true;
        const upto = Math.min(last, mark + ACTIVITY_BATCH);
        // note: only forward: a later reply, close or reopen has already moved the conversation past its message.
        await tx.run(sql`
          update conversation set updated_at = a.at
          from (select conversation_id, max(created_at) as at from message
                where seq > ${mark} and seq <= ${upto} and author_kind = 'customer' group by conversation_id) as a
          where conversation.id = a.conversation_id and conversation.updated_at < a.at`);
        await tx.run(sql`update conversation_activity_mark set seq = ${upto}`);
        return upto === last;
      });
      if (done) return;
      await yieldToLoop();
    }
  }
}
