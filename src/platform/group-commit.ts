// Group commit: writes that arrive together share one BEGIN IMMEDIATE ... COMMIT.
// note: each write runs inside its own SAVEPOINT, so one failing write rolls back alone;
// each caller is answered only after the COMMIT that holds its write, so an acknowledged
// write is a committed one.

/** Sqlite is what group commit needs of a driver: statements it prepares once and runs. */
export interface Sqlite {
  prepare(sql: string): { run(): unknown };
}

interface Pending {
  fn: () => Promise<unknown>;
  resolve: (value: any) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: boolean; value: unknown };

/** GroupCommitter batches write callbacks queued in the same turn of the event loop. A callback awaits
 *  nothing but the database, whose statements answer at once: so a batch runs start to end within one
 *  task, and no other request reads a transaction that is still open. One that awaits anything else
 *  (a timer, the network) fails, rolled back, rather than let other work run inside the transaction. */
export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  private flushing = false;
  /** turn moves on every task of the event loop that runs while a batch is open: a callback that sees it
   *  move has yielded to the event loop, and fails. */
  private turn = 0;
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

  /** run queues fn; it runs inside the next batch's transaction. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush() {
    this.scheduled = false;
    // note: only when a callback yielded (and so fails) can a flush find another one under way, which takes the queue.
    if (this.flushing) return;
    this.flushing = true;
    // note: this task runs only if a callback yields to the event loop (which within() then refuses), and
    // queues itself again, so every turn of the loop while a batch is open is counted.
    let tick: ReturnType<typeof setImmediate>;
    const count = () => {
      this.turn++;
      tick = setImmediate(count);
    };
    tick = setImmediate(count);
    try {
      while (this.queue.length) await this.batch(this.queue.splice(0, this.maxBatch));
    } finally {
      clearImmediate(tick);
      this.flushing = false;
    }
  }

  // note: one loop, no helper per callback: a send's write is a few statements, and each async frame costs.
  private async batch(batch: Pending[]) {
    const results: Outcome[] = [];
    // note: alone in its batch, a write needs no savepoint: a failure rolls back the whole.
    const alone = batch.length === 1;
    try {
      this.begin.run();
      for (const op of batch) {
        if (!alone) this.savepoint.run();
        const turn = this.turn;
        try {
          const value = await op.fn();
          if (turn !== this.turn) throw new Error("a write awaited something other than the database, so it was rolled back");
          if (!alone) this.release.run();
          results.push({ ok: true, value });
        } catch (error) {
          if (alone) throw error;
          this.rollbackTo.run();
          this.release.run();
          results.push({ ok: false, value: error });
        }
      }
      this.commit.run();
    } catch (error) {
      try {
        this.rollback.run();
      } catch {
        /* the transaction was never opened */
      }
      for (const op of batch) op.reject(error);
      return;
    }
    batch.forEach((op, i) => (results[i]!.ok ? op.resolve(results[i]!.value) : op.reject(results[i]!.value)));
  }
}
