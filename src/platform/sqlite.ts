// Opens a SQLite file with bun:sqlite and drizzle: WAL, foreign keys, busy timeout, migrations.
import { Database } from "bun:sqlite";
import { accessSync, chmodSync, closeSync, constants, existsSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import * as schema from "../../db/schema";
import { migrate } from "../../db/migrate";
import type { Db, Store } from "../../db/store";
import { migrations } from "./embedded";
import { GroupCommitter } from "./group-commit";

/** openStore opens (or, unless mustExist, creates) the database at path (":memory:" for tests) and migrates it. */
export function openStore(path: string, opts: { migrate?: boolean; mustExist?: boolean } = {}): Store & { changedElsewhere(): boolean } {
  const sqlite = openFile(path, opts.mustExist);
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
  // note: data_version moves only when another connection (another process) commits.
  const version = sqlite.query<{ data_version: number }, []>("PRAGMA data_version");
  let seen = version.get()!.data_version;
  return {
    changedElsewhere: () => seen !== (seen = version.get()!.data_version),
    db,
    write: (fn) => writer.run(() => fn(db)),
    ping: async () => sqlite.query("SELECT 1 AS ok").get() != null,
    backup: async (file) => {
      // note: the copy is made private first; VACUUM INTO fills an empty file it finds.
      createPrivate(file, "backup file");
      sqlite.query("VACUUM INTO ?").run(file);
    },
    close: () => sqlite.close(),
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

/** openFile opens a database file, creating it private (0600) when missing, and turns each way
 *  that can fail into an Error naming the path: a missing or unwritable folder, a read-only file,
 *  a file that is not a database. */
function openFile(path: string, mustExist = false): Database {
  if (path === ":memory:") return new Database(path, { strict: true });
  if (!existsSync(path)) {
    if (mustExist) throw new Error(`no database at ${path} (nothing to read; 'woes serve' or 'woes migrate' creates one)`);
    createPrivate(path, "database");
  } else if (!writable(path)) throw new Error(`the database ${path} is read-only: the server and the CLI need to write it (check its permissions)`);
  try {
    const sqlite = new Database(path, { strict: true });
    // note: SQLite reads the header lazily; this makes a file that is not a database fail here.
    sqlite.query("SELECT count(*) FROM sqlite_master").get();
    // note: SQLite gives -wal and -shm the database file's own mode, so they are private too.
    return sqlite;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_NOTADB") throw new Error(`${path} is not a SQLite database (is --db pointing at the right file?)`);
    throw new Error(`cannot open the database ${path}: ${(error as Error).message}`);
  }
}

/** createPrivate creates an empty file readable by its owner only (0600), whatever the umask. */
function createPrivate(path: string, what: string) {
  const folder = dirname(path);
  if (!existsSync(folder)) throw new Error(`cannot create the ${what} ${path}: the folder ${folder} does not exist`);
  if (!writable(folder)) throw new Error(`cannot create the ${what} ${path}: the folder ${folder} is not writable`);
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") throw new Error(`the ${what} ${path} exists already; choose a new file name`);
    throw new Error(`cannot create the ${what} ${path}: ${(error as Error).message}`);
  }
  chmodSync(path, 0o600);
}

const writable = (path: string) => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};
