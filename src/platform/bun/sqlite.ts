// Opens a SQLite file with bun:sqlite and drizzle: WAL, foreign keys, busy timeout, migrations.
import { Database } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import * as schema from "../../../db/schema";
import { migrate } from "../../../db/migrate";
import type { Db, Store } from "../../../db/store";
import { migrations } from "../embedded";
import { GroupCommitter } from "../group-commit";

/** openStore opens (or creates) the database at path (":memory:" for tests) and migrates it. */
export function openStore(path: string, opts: { migrate?: boolean } = {}): Store {
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.exec("PRAGMA journal_mode = WAL");
  // note: NORMAL in WAL mode keeps every committed transaction across a process crash;
  // only an OS crash or power loss can roll back the newest ones.
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA cache_size = -65536");
  sqlite.exec("PRAGMA temp_store = MEMORY");
  if (opts.migrate !== false) migrateDatabase(sqlite);
  const db = drizzle(sqlite, { schema }) as unknown as Db;
  const writer = new GroupCommitter(sqlite);
  const upkeep = startUpkeep(sqlite);
  return {
    db,
    write: (fn) => writer.run(() => fn(db)),
    ping: async () => sqlite.query("SELECT 1 AS ok").get() != null,
    backup: async (file) => {
      sqlite.query("VACUUM INTO ?").run(file);
    },
    close: () => {
      upkeep();
      sqlite.close();
    },
  };
}

// note: a checkpoint inside COMMIT would stall the request that triggered it, so automatic
// checkpoints are off and a timer copies the WAL back between batches (PASSIVE never waits on
// readers). A commit is durable once it is in the WAL, so acknowledgements are unchanged.
// PRAGMA optimize keeps the planner's statistics fresh (bounded by analysis_limit).
function startUpkeep(sqlite: Database): () => void {
  sqlite.exec("PRAGMA analysis_limit = 1000");
  sqlite.exec("PRAGMA optimize = 0x10002");
  sqlite.exec("PRAGMA wal_autocheckpoint = 0");
  sqlite.exec("PRAGMA journal_size_limit = 67108864");
  const checkpoint = setInterval(() => sqlite.exec("PRAGMA wal_checkpoint(PASSIVE)"), 1000);
  const optimize = setInterval(() => sqlite.exec("PRAGMA optimize"), 3_600_000);
  checkpoint.unref();
  optimize.unref();
  return () => {
    clearInterval(checkpoint);
    clearInterval(optimize);
    sqlite.exec("PRAGMA optimize");
  };
}

/** migrateDatabaseAt opens the file at path, migrates it and closes it. */
export function migrateDatabaseAt(path: string): string[] {
  const sqlite = new Database(path, { create: true, strict: true });
  try {
    sqlite.exec("PRAGMA journal_mode = WAL");
    return migrateDatabase(sqlite);
  } finally {
    sqlite.close();
  }
}

/** migrateDatabase applies the embedded migrations and returns the tags it applied. */
export function migrateDatabase(sqlite: Database): string[] {
  return migrate(
    {
      exec: (sql) => sqlite.exec(sql),
      all: <T>(sql: string) => sqlite.query(sql).all() as T[],
      transaction: (fn) => sqlite.transaction(fn).immediate(),
    },
    migrations,
  );
}
