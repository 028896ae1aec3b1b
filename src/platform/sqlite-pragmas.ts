// The SQLite settings both runtimes' drivers apply to a file, so one file behaves the same under either.

/** Exec runs one statement on an open database. */
type Exec = (sql: string) => unknown;

/** tune sets WAL, durability, foreign keys and caches on a freshly opened database. */
export function tune(exec: Exec) {
  exec("PRAGMA journal_mode = WAL");
  // note: NORMAL in WAL mode keeps every committed transaction across a process crash;
  // only an OS crash or power loss can roll back the newest ones.
  exec("PRAGMA synchronous = NORMAL");
  exec("PRAGMA foreign_keys = ON");
  // note: erased data (a deleted contact) is overwritten with zeros, not left in free pages of the file.
  exec("PRAGMA secure_delete = ON");
  exec("PRAGMA busy_timeout = 5000");
  exec("PRAGMA cache_size = -65536");
  exec("PRAGMA temp_store = MEMORY");
}

/** startUpkeep checkpoints the WAL between batches and keeps the planner's statistics fresh; it returns the stop.
 *  note: a checkpoint inside COMMIT would stall the request that triggered it, so automatic
 *  checkpoints are off and a timer copies the WAL back between batches (PASSIVE never waits on
 *  readers). A commit is durable once it is in the WAL, so acknowledgements are unchanged.
 *  PRAGMA optimize keeps the planner's statistics fresh (bounded by analysis_limit). */
export function startUpkeep(exec: Exec): () => void {
  exec("PRAGMA analysis_limit = 1000");
  exec("PRAGMA optimize = 0x10002");
  exec("PRAGMA wal_autocheckpoint = 0");
  exec("PRAGMA journal_size_limit = 67108864");
  // note: a pragma cannot run inside a transaction (a write that yielded, and is failing); it waits for its next tick.
  // Timers may be numbers (browsers) or objects with unref (Bun, Node, Deno's node:timers).
  const every = (sql: string, ms: number) => {
    const timer = setInterval(() => {
      try {
        exec(sql);
      } catch {
        /* tried again at the next tick */
      }
    }, ms);
    (timer as { unref?: () => void }).unref?.();
    return timer;
  };
  const checkpoint = every("PRAGMA wal_checkpoint(PASSIVE)", 1000);
  const optimize = every("PRAGMA optimize", 3_600_000);
  return () => {
    clearInterval(checkpoint);
    clearInterval(optimize);
    exec("PRAGMA optimize");
  };
}
