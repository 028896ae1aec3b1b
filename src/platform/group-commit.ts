// Group commit: writes that arrive together share one BEGIN IMMEDIATE ... COMMIT.
// note: each write runs inside its own SAVEPOINT, so one failing write rolls back alone;
// each caller is answered only after the COMMIT that holds its write, so an acknowledged
// write is a committed one.

import { AsyncLocalStorage } from "node:async_hooks";

/** Sqlite is what group commit needs of a driver: statements it prepares once and runs. */
export interface Sqlite {
  prepare(sql: string): { run(): unknown };
}

interface Pending {
  fn: () => Promise<unknown>;
  /** after holds what the callback asked to run once its write committed (see whenCommitted). */
  after: (() => void)[];
  resolve: (value: any) => void;
  reject: (error: unknown) => void;
}

/** within tells which write's callback the code running now belongs to (through every await of it). */
const within = new AsyncLocalStorage<Pending>();

/** committed runs what a committed write asked for; one that fails harms neither the write (it landed) nor the others. */
export function committed(then: () => void) {
  try {
    then();
  } catch (error) {
    console.error(`woes: after a write: ${String((error as Error)?.stack ?? error)}`);
  }
}

/** GroupCommitter batches write callbacks queued in the same turn of the event loop. A callback awaits
 *  nothing but the database, whose statements answer at once: so a flush runs start to end within one
 *  task, and no other request reads a transaction that is still open. Its callers are answered once the
 *  whole flush committed, so none of them runs while a transaction is open, and a write one of them
 *  starts waits for a later turn of the event loop (a chain of writes lets other work in between).
 *  A callback that awaits anything else (a timer, the network) is caught when it can be (best effort:
 *  only when the event loop turned before it resumed) and rolled back; one that starts another write
 *  and waits for it is refused, as it would wait for itself. */
export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  private flushing = false;
  /** turn moves when the event loop turns while a flush is under way: a callback that sees it move has
   *  yielded to the event loop, and fails. */
  private turn = 0;
  private tick: ReturnType<typeof setImmediate> | null = null;
  /** held keeps queued writes waiting (see hold). */
  private held = false;
  /** current is the write whose callback runs now. */
  private current: Pending | null = null;
  private begin;
  private commit;
  private rollback;
  private savepoint;
  private release;
  private rollbackTo;

  constructor(sqlite: Sqlite, private maxBatch = 256) {
    this.begin = sqlite.prepare("BEGIN IMMEDIATE");
    this.commit = sqlite.prepare("COMMIT");
    this.rollback = sqlite.prepare("ROLLBACK");
    this.savepoint = sqlite.prepare("SAVEPOINT w");
    this.release = sqlite.prepare("RELEASE w");
    this.rollbackTo = sqlite.prepare("ROLLBACK TO w");
  }

  /** run queues fn; it runs inside the transaction of a later flush. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    // note: started by the callback that runs now, this write would wait for the flush that waits for the callback.
    if (this.current && within.getStore() === this.current) return Promise.reject(new Error("a write started another write from inside its callback and would wait for itself"));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve, reject, after: [] });
      this.schedule();
    });
  }

  /** whenCommitted runs then after the COMMIT that holds the write whose callback runs now (in the order the
   *  writes ran, before their callers are answered); dropped if that write rolls back; outside a write, at once. */
  whenCommitted(then: () => void) {
    const op = within.getStore();
    if (op && op === this.current) op.after.push(then);
    else then();
  }

  /** hold keeps writes queued, not run, until the answer is called; the event loop goes on meanwhile. Called between
   *  flushes (a flush runs within one task), it holds no transaction open. */
  hold(): () => void {
    this.held = true;
    return () => {
      this.held = false;
      if (this.queue.length) this.schedule();
    };
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** arm makes the next turn of the event loop move `turn` (one timer at a time, so a callback that waits
   *  long costs no busy loop). */
  private arm() {
    this.tick ??= setImmediate(() => {
      this.tick = null;
      this.turn++;
    });
  }

  private async flush() {
    this.scheduled = false;
    // note: only when a callback yielded (and so fails) can a flush find another under way; that one schedules again.
    // A held writer schedules again when released.
    if (this.flushing || this.held) return;
    this.flushing = true;
    const taken = this.queue.splice(0);
    const answers: (() => void)[] = [];
    try {
      for (let at = 0; at < taken.length; at += this.maxBatch) await this.batch(taken.slice(at, at + this.maxBatch), answers);
    } finally {
      if (this.tick) clearImmediate(this.tick);
      this.tick = null;
      this.flushing = false;
      if (this.queue.length) this.schedule();
    }
    for (const answer of answers) answer();
  }

  // note: one loop, no helper per callback: a send's write is a few statements, and each async frame costs.
  private async batch(batch: Pending[], answers: (() => void)[]) {
    const results: { ok: boolean; value: unknown }[] = [];
    // note: alone in its batch, a write needs no savepoint: a failure rolls back the whole.
    const alone = batch.length === 1;
    try {
      this.begin.run();
      for (const op of batch) {
        if (!alone) this.savepoint.run();
        this.arm();
        const turn = this.turn;
        this.current = op;
        try {
          const value = await within.run(op, op.fn);
          if (turn !== this.turn) throw new Error("a write awaited something other than the database, so it was rolled back");
          if (!alone) this.release.run();
          results.push({ ok: true, value });
        } catch (error) {
          if (alone) throw error;
          this.rollbackTo.run();
          this.release.run();
          op.after = [];
          results.push({ ok: false, value: error });
        } finally {
          this.current = null;
        }
      }
      this.commit.run();
    } catch (error) {
      try {
        this.rollback.run();
      } catch {
        /* the transaction was never opened */
      }
      for (const op of batch) answers.push(() => op.reject(error));
      return;
    }
    batch.forEach((op, i) =>
      answers.push(() => {
        for (const then of op.after) committed(then);
        if (results[i]!.ok) op.resolve(results[i]!.value);
        else op.reject(results[i]!.value);
      }),
    );
  }
}
