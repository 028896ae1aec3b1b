// Opens a SQLite file with node:sqlite and drizzle: the same pragmas, migrations and file format as the Bun build.
// note: drizzle 0.45 has no node:sqlite driver; its better-sqlite3 session runs over the small
// better-sqlite3-shaped wrapper below (prepare → run/all/get, raw() for array rows).
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { BetterSQLiteSession } from "drizzle-orm/better-sqlite3/session";
import { createTableRelationsHelpers, extractTablesRelationalConfig } from "drizzle-orm/relations";
import { BaseSQLiteDatabase, SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "../../../db/schema";
import { migrate } from "../../../db/migrate";
import type { Db, Store } from "../../../db/store";
import { migrations } from "../embedded";
import { createPrivate, openFailure, prepareDatabaseFile } from "../files";
import { GroupCommitter } from "../group-commit";
import { startUpkeep, tune } from "../sqlite-pragmas";

type Param = unknown;
// note: bun:sqlite binds booleans as 0/1; node:sqlite refuses them, so the wrapper converts.
const bind = (params: Param[]) => params.map((p) => (typeof p === "boolean" ? Number(p) : p)) as never[];

/** Statement is one prepared statement in better-sqlite3's shape, over node:sqlite's StatementSync. */
class Statement {
  private arrays?: StatementSync;
  constructor(private db: DatabaseSync, private source: string, private stmt: StatementSync) {}
  run = (...params: Param[]) => this.stmt.run(...bind(params));
  all = (...params: Param[]) => this.stmt.all(...bind(params));
  // note: drizzle calls get() only for raw SQL (db.get(sql`...`)), which the bun-sqlite driver answers
  // as an array of values; so does this one, so the core reads the same shape on both runtimes.
  get = (...params: Param[]) => this.raw().get(...params);
  /** raw answers rows as arrays (a second statement, so the object form keeps working). */
  raw = () => {
    if (!this.arrays) {
      this.arrays = this.db.prepare(this.source);
      this.arrays.setReturnArrays(true);
    }
    const arrays = this.arrays;
    return { all: (...params: Param[]) => arrays.all(...bind(params)), get: (...params: Param[]) => arrays.get(...bind(params)) };
  };
}

/** Client is the part of better-sqlite3's Database that drizzle's session calls; statements are cached by SQL text. */
class Client {
  private cache = new Map<string, Statement>();
  constructor(readonly db: DatabaseSync) {}
  prepare(source: string): Statement {
    let stmt = this.cache.get(source);
    if (!stmt) {
      stmt = new Statement(this.db, source, this.db.prepare(source));
      // note: drizzle builds SQL per call for unprepared queries; the cache keeps the hot ones compiled.
      if (this.cache.size >= 1000) this.cache.clear();
      this.cache.set(source, stmt);
    }
    return stmt;
  }
  transaction<A extends unknown[], T>(fn: (...args: A) => T) {
    const wrap = (begin: string) => (...args: A) => {
      this.db.exec(begin);
      try {
        const value = fn(...args);
        this.db.exec("COMMIT");
        return value;
      } catch (error) {
        if (this.db.isTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    };
    return { deferred: wrap("BEGIN"), immediate: wrap("BEGIN IMMEDIATE"), exclusive: wrap("BEGIN EXCLUSIVE") };
  }
}

function open(path: string, mustExist = false): DatabaseSync {
  if (path !== ":memory:") prepareDatabaseFile(path, mustExist);
  try {
    const sqlite = new DatabaseSync(path);
    // note: set before the first read, so opening a file another process is writing waits instead of failing.
    sqlite.exec("PRAGMA busy_timeout = 5000");
    sqlite.exec("PRAGMA journal_mode = WAL");
    return sqlite;
  } catch (error) {
    throw openFailure(path, error);
  }
}

/** openStore opens (or, unless mustExist, creates) the database at path (":memory:" for tests) and migrates it. */
export function openStore(path: string, opts: { migrate?: boolean; mustExist?: boolean } = {}): Store {
  const sqlite = open(path, opts.mustExist);
  tune((sql) => sqlite.exec(sql));
  if (opts.migrate !== false) migrateDatabase(sqlite);
  const client = new Client(sqlite);
  const dialect = new SQLiteSyncDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const relational = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  const session = new BetterSQLiteSession(client as never, dialect, relational as never);
  const db = new BaseSQLiteDatabase("sync", dialect, session as never, relational as never) as unknown as Db;
  const writer = new GroupCommitter(sqlite);
  const upkeep = startUpkeep((sql) => sqlite.exec(sql), { path, checkpointer: new URL("./checkpointer.ts", import.meta.url), hold: () => writer.hold() });
  const ping = sqlite.prepare("SELECT 1 AS ok");
  // note: data_version moves only when another connection (another process) commits.
  const version = sqlite.prepare("PRAGMA data_version");
  const dataVersion = () => (version.get() as { data_version: number }).data_version;
  let seen = dataVersion();
  return {
    dialect: "sqlite",
    db,
    write: (fn) => writer.run(() => fn(db)),
    whenCommitted: (then) => writer.whenCommitted(then),
    changedElsewhere: () => seen !== (seen = dataVersion()),
    ping: async () => ping.get() != null,
    backup: async (file) => {
      // note: the copy is made private first; VACUUM INTO fills an empty file it finds.
      createPrivate(file, "backup file");
      sqlite.prepare("VACUUM INTO ?").run(file);
    },
    close: () => {
      upkeep();
      sqlite.close();
    },
  };
}

/** migrateDatabaseAt opens the file at path, migrates it and closes it. */
export function migrateDatabaseAt(path: string): string[] {
  const sqlite = open(path);
  try {
    return migrateDatabase(sqlite);
  } finally {
    sqlite.close();
  }
}

function migrateDatabase(sqlite: DatabaseSync): string[] {
  const client = new Client(sqlite);
  return migrate(
    {
      exec: (sql) => sqlite.exec(sql),
      all: <T>(sql: string) => sqlite.prepare(sql).all() as T[],
      transaction: (fn) => client.transaction(fn).immediate(),
    },
    migrations,
  );
}
