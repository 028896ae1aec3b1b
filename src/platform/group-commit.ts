// Group commit: writes that arrive together share one BEGIN IMMEDIATE ... COMMIT.
// note: each write runs inside its own SAVEPOINT, so one failing write rolls back alone;
// each caller is answered only after the COMMIT that holds its write, so an acknowledged
// write is a committed one.

/** Sqlite is what group commit needs of a driver: statements it prepares once and runs. */
export interface Sqlite {
  prepare(sql: string): { run(): unknown };
}

interface Pending {
  fn: () => unknown;
  resolve: (value: any) => void;
  reject: (error: unknown) => void;
}

/** GroupCommitter batches write callbacks queued in the same turn of the event loop. */
export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
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

  /** run queues fn; it runs synchronously inside the next batch's transaction. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private isolated(op: Pending): { ok: boolean; value: unknown } {
    this.savepoint.run();
    try {
      const value = op.fn();
      this.release.run();
      return { ok: true, value };
    } catch (error) {
      this.rollbackTo.run();
      this.release.run();
      return { ok: false, value: error };
    }
  }

  private flush() {
    this.scheduled = false;
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      const results: { ok: boolean; value: unknown }[] = [];
      try {
        this.begin.run();
        if (batch.length === 1) {
          // note: alone in its batch, a write needs no savepoint: a failure rolls back the whole.
          results.push({ ok: true, value: batch[0]!.fn() });
        } else {
          for (const op of batch) results.push(this.isolated(op));
        }
        this.commit.run();
      } catch (error) {
        try {
          this.rollback.run();
        } catch {
          /* the transaction was never opened */
        }
        for (const op of batch) op.reject(error);
        continue;
      }
      batch.forEach((op, i) => (results[i]!.ok ? op.resolve(results[i]!.value) : op.reject(results[i]!.value)));
    }
  }
}
