// The SQLite settings both runtimes' drivers apply to a file, so one file behaves the same under either.
// note: node:worker_threads rather than the Web Worker: both runtimes have it, and its thread can be unreferenced (a Web
// Worker keeps a Deno process alive).
import { parentPort, Worker } from "node:worker_threads";
import { every } from "../lib/timers";

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

/** CheckpointerMessage is what the server tells its checkpointer thread (see ./bun/checkpointer.ts). */
export type CheckpointerMessage = { type: "open"; path: string } | { type: "checkpoint" } | { type: "close"; closed: Int32Array };

/** Checkpoints copies the WAL back into the database file; close lets go of the file before the server's own connection
 *  closes. */
export interface Checkpoints {
  checkpoint(): void;
  close(): void;
}

/** answerCheckpoints is the checkpointer thread's side (each runtime's checkpointer.ts hands it its driver): it opens
 *  its own connection, checkpoints when asked and answers how long that took (ms), and closes when told. */
export function answerCheckpoints(open: (path: string) => { exec: Exec; close(): void }) {
  let db: ReturnType<typeof open> | null = null;
  parentPort!.on("message", (message: CheckpointerMessage) => {
    if (message.type === "open") {
      db = open(message.path);
      return;
    }
    if (message.type === "checkpoint") {
      const started = performance.now();
      try {
        db?.exec(CHECKPOINT);
      } catch {
        /* tried again at the next request */
      }
      parentPort!.postMessage(performance.now() - started);
      return;
    }
    db?.close();
    db = null;
    Atomics.store(message.closed, 0, 1);
    Atomics.notify(message.closed, 0);
  });
}

/** CLOSE_WAIT_MS bounds how long closing waits for the checkpointer thread to close its connection. */
const CLOSE_WAIT_MS = 5000;

/** HOLD_MAX_MS bounds how long writes wait for the last frames of a round to be copied (see threadCheckpoints). */
const HOLD_MAX_MS = 250;

/** QUICK_PASS_MS: a checkpoint this quick leaves few frames behind, so the round's held one comes next;
 *  MAX_PASSES bounds the passes of a round before it. */
const QUICK_PASS_MS = 5;
const MAX_PASSES = 4;

/** threadCheckpoints checkpoints the file at path on a thread of its own, started by the first checkpoint (a command
 *  that ends within a second starts none). A round is a few checkpoints there: the first copies the WAL back while
 *  writes go on, and each next one the frames committed during the one before, until one is quick; the last runs
 *  with writes held (hold: the event loop goes on), so it copies the WAL wholly and the next write starts it again
 *  from its beginning. A WAL never wholly copied would grow without end under steady writes. A checkpoint asked for
 *  while a round is under way is skipped. If the thread fails, checkpoints run on the caller's connection (exec). */
export function threadCheckpoints(path: string, start: () => Worker, hold: () => () => void, exec: Exec): Checkpoints {
  let worker: Worker | null = null;
  let failed = false;
  /** passes made in this round (0: no round under way); held: the last one runs with writes held. */
  let passes = 0;
  let held = false;
  let release: (() => void) | null = null;
  let guard: ReturnType<typeof setTimeout> | undefined;
  const letWritesGo = () => {
    clearTimeout(guard);
    release?.();
    release = null;
  };
  const ask = () => {
    passes++;
    worker!.postMessage({ type: "checkpoint" } satisfies CheckpointerMessage);
  };
  // note: the thread answers how long its checkpoint took, in milliseconds.
  const answered = (ms: number) => {
    if (!held && passes > 0) {
      if (ms <= QUICK_PASS_MS || passes >= MAX_PASSES) {
        held = true;
        release = hold();
        // note: a slow disk holds writes no longer than this; the round still ends when the thread answers.
        guard = setTimeout(letWritesGo, HOLD_MAX_MS);
      }
      return ask();
    }
    passes = 0;
    held = false;
    letWritesGo();
  };
  return {
    checkpoint() {
      if (failed) return void exec(CHECKPOINT);
      if (passes > 0) return;
      if (!worker) {
        worker = start();
        // note: the server's timers keep the process alive, not this thread.
        worker.unref();
        worker.on("message", answered);
        worker.on("error", (error: Error) => {
          console.error(`woes: the checkpointer thread failed, checkpoints go on in the server's thread: ${error.message}`);
          failed = true;
          passes = 0;
          held = false;
          letWritesGo();
          void worker?.terminate();
          worker = null;
        });
        worker.postMessage({ type: "open", path } satisfies CheckpointerMessage);
      }
      ask();
    },
    close() {
      letWritesGo();
      if (!worker) return;
      const closed = new Int32Array(new SharedArrayBuffer(4));
      worker.postMessage({ type: "close", closed } satisfies CheckpointerMessage);
      // note: waits (bounded), so the thread is not ended mid-checkpoint and no connection of it outlives the store.
      Atomics.wait(closed, 0, 0, CLOSE_WAIT_MS);
      void worker.terminate();
      worker = null;
    },
  };
}

/** startUpkeep checkpoints the WAL every second and keeps the planner's statistics fresh; it returns the stop.
 *  note: a checkpoint inside COMMIT would stall the request that triggered it, so automatic checkpoints are off and,
 *  for a file, a thread of its own (the runtime's checkpointer, see threadCheckpoints) copies the WAL back; an
 *  in-memory database has no WAL to copy. PASSIVE never waits on readers or writers. A commit is durable once it is
 *  in the WAL, so acknowledgements are unchanged.
 *  PRAGMA optimize keeps the planner's statistics fresh (bounded by analysis_limit). */
export function startUpkeep(exec: Exec, file: { path: string; checkpointer: URL; hold: () => () => void }): () => void {
  const checkpoints = file.path === ":memory:" ? undefined : threadCheckpoints(file.path, () => new Worker(file.checkpointer), file.hold, exec);
  exec("PRAGMA analysis_limit = 1000");
  exec("PRAGMA optimize = 0x10002");
  exec("PRAGMA wal_autocheckpoint = 0");
  exec("PRAGMA journal_size_limit = 67108864");
  // note: a pragma cannot run inside a transaction (a write that yielded, and is failing); it waits for its next tick.
  const guarded = (run: () => void) => () => {
    try {
      run();
    } catch {
      /* tried again at the next tick */
    }
  };
  const stopCheckpoints = every(guarded(checkpoints ? () => checkpoints.checkpoint() : () => exec(CHECKPOINT)), 1000);
  const stopOptimize = every(guarded(() => exec("PRAGMA optimize")), 3_600_000);
  return () => {
    stopCheckpoints();
    stopOptimize();
    checkpoints?.close();
    exec("PRAGMA optimize");
  };
}

/** CHECKPOINT copies what it can of the WAL back into the database file without waiting on anyone. */
export const CHECKPOINT = "PRAGMA wal_checkpoint(PASSIVE)";
