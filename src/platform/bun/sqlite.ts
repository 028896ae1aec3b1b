// Opens a SQLite file with bun:sqlite and drizzle: WAL, foreign keys, busy timeout, migrations.
import { Database } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import * as schema from "../../../db/schema";
import { migrate } from "../../../db/migrate";
import type { Db, Store } from "../../../db/store";
import { migrations } from "../embedded";
import { createPrivate, openFailure, prepareDatabaseFile } from "../files";
import { GroupCommitter } from "../group-commit";
import { startUpkeep, tune } from "../sqlite-pragmas";

/** openStore opens (or, unless mustExist, creates) the database at path (":memory:" for tests) and migrates it. */
export function openStore(path: string, opts: { migrate?: boolean; mustExist?: boolean } = {}): Store {
  const sqlite = openFile(path, opts.mustExist);
  tune((sql) => sqlite.exec(sql));
  if (opts.migrate !== false) migrateDatabase(sqlite);
  const db = drizzle(sqlite, { schema }) as unknown as Db;
  const writer = new GroupCommitter(sqlite);
  // note: data_version moves only when another connection (another process) commits.
  const version = sqlite.query<{ data_version: number }, []>("PRAGMA data_version");
  let seen = version.get()!.data_version;
  // note: the checkpointer is its own entry point of the executable (see ./build.ts).
  const upkeep = startUpkeep((sql) => sqlite.exec(sql), { path, checkpointer: new URL("./checkpointer.ts", import.meta.url), hold: () => writer.hold() });
  return {
    dialect: "sqlite",
    db,
    write: (fn) => writer.run(() => fn(db)),
    whenCommitted: (then) => writer.whenCommitted(then),
    changedElsewhere: () => seen !== (seen = version.get()!.data_version),
    ping: async () => sqlite.query("SELECT 1 AS ok").get() != null,
    backup: async (file) => {
      // note: the copy is made private first; VACUUM INTO fills an empty file it finds.
      createPrivate(file, "backup file");
      sqlite.query("VACUUM INTO ?").run(file);
    },
    close: () => {
      upkeep();
      sqlite.close();
    },
  };
}

/** migrateDatabaseAt opens the file at path, migrates it and closes it. */
export function migrateDatabaseAt(path: string): string[] {
  const sqlite = openFile(path);
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

/** openFile opens a database file, creating it private (0600) when missing; every way that can
 *  fail is an Error naming the path (see ../files). */
function openFile(path: string, mustExist = false): Database {
  if (path === ":memory:") return new Database(path, { strict: true });
  prepareDatabaseFile(path, mustExist);
  try {
    const sqlite = new Database(path, { strict: true });
    // note: set before the first read, so opening a file another process is writing waits instead of failing.
    sqlite.exec("PRAGMA busy_timeout = 5000");
    // note: SQLite reads the header lazily; this makes a file that is not a database fail here.
    sqlite.query("SELECT count(*) FROM sqlite_master").get();
    // note: SQLite gives -wal and -shm the database file's own mode, so they are private too.
    return sqlite;
  } catch (error) {
    throw openFailure(path, error);
  }
}
