// The Postgres mirror (db/pg/schema.ts) of the SQLite data model (db/schema.ts): the same tables, with the same row
// types to read and to insert (checked by tsc: `bunx tsc --noEmit` fails when they drift), and the same SQL names,
// keys, foreign keys and indexes (checked when the test runs).
import { expect, test } from "bun:test";
import { type Column, getTableColumns, getTableName, is, type SQL, type Table } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as pg from "../../db/pg/schema";
import * as sqlite from "../../db/schema";

/** Equal is true only when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

type TableNames<M> = { [K in keyof M]: M[K] extends Table ? K : never }[keyof M];
type SqliteName = TableNames<typeof sqlite>;
type PgName = TableNames<typeof pg>;

/** SQLite makes every integer primary key a rowid alias, so drizzle types it optional on insert. Where that is an
 *  accident of SQLite, Postgres keeps the key required: message_internal.message_seq names its message, and an
 *  identity there would pin details on whichever message had the number drawn. (message_fts_mark.id, the other
 *  such key, takes default 1 on Postgres, its only allowed value, so it is optional on both.) */
type RowidKeys = { messageInternals: "messageSeq" };
type SqliteInsert<K extends SqliteName> = K extends keyof RowidKeys
  ? Simplify<Omit<(typeof sqlite)[K]["$inferInsert"], RowidKeys[K]> & Required<Pick<(typeof sqlite)[K]["$inferInsert"], RowidKeys[K]>>>
  : (typeof sqlite)[K]["$inferInsert"];

/** SameRows is [select types equal, insert types equal] for one table of db/schema.ts and its Postgres mirror. */
type SameRows<K extends SqliteName> = K extends PgName
  ? [Equal<(typeof sqlite)[K]["$inferSelect"], (typeof pg)[K]["$inferSelect"]>, Equal<SqliteInsert<K>, (typeof pg)[K]["$inferInsert"]>]
  : "missing from db/pg/schema.ts";

// One entry per table: tsc rejects a table left out, one only one schema has, or any whose row types differ.
const sameRows: { [K in SqliteName]: SameRows<K> } = {
  workspaces: [true, true],
  identitySecrets: [true, true],
  agents: [true, true],
  agentSources: [true, true],
  passages: [true, true],
  widgetKeys: [true, true],
  contacts: [true, true],
  visitors: [true, true],
  conversations: [true, true],
  messages: [true, true],
  messageFtsMarks: [true, true],
  messageInternals: [true, true],
  readMarks: [true, true],
  conversationTags: [true, true],
  operatorSeen: [true, true],
  operatorUnread: [true, true],
  events: [true, true],
  dailyCounts: [true, true],
  teamDaily: [true, true],
  presence: [true, true],
  surveyResponses: [true, true],
  adminTokens: [true, true],
  adminTokenWorkspaces: [true, true],
  users: [true, true],
  memberships: [true, true],
  sessions: [true, true],
  invites: [true, true],
  savedReplies: [true, true],
  passwordResets: [true, true],
  mailLinks: [true, true],
  mailBatches: [true, true],
  mailNotices: [true, true],
  attachments: [true, true],
  attachmentBlobs: [true, true],
  signingKeys: [true, true],
};
const noPgOnlyTable: Equal<PgName, SqliteName> = true;

/** tables is a schema module's tables by export name. */
function tables(module: Record<string, unknown>, kind: typeof SQLiteTable | typeof PgTable): Record<string, Table> {
  return Object.fromEntries(Object.entries(module).filter(([, value]) => is(value, kind))) as Record<string, Table>;
}
const sqliteTables = tables(sqlite, SQLiteTable);
const pgTables = tables(pg, PgTable);

/** columns is a table's columns as TS key → SQL name. */
const columns = (table: Table) => Object.fromEntries(Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]));

/** shape is what of a table tsc cannot see: primary keys, unique columns, foreign keys and indexes, by SQL names,
 *  with a partial index's condition rendered by its own dialect. */
function shape(table: Table, config: ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>, render: (where: SQL) => string) {
  const cols = Object.values(getTableColumns(table)) as Column[];
  return {
    name: config.name,
    primaryKey: [...cols.filter((c) => c.primary).map((c) => [c.name]), ...config.primaryKeys.map((pk) => pk.columns.map((c) => c.name))],
    unique: cols.filter((c) => c.isUnique).map((c) => `${c.name} as ${c.uniqueName}`),
    uniqueConstraints: config.uniqueConstraints.map((u) => `${u.getName()}: ${u.columns.map((c) => c.name).join(",")}`),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        const to = `${getTableName(ref.foreignTable)}(${ref.foreignColumns.map((c) => c.name).join(",")})`;
        return `(${ref.columns.map((c) => c.name).join(",")}) → ${to} on delete ${fk.onDelete ?? "no action"}`;
      })
      .sort(),
    indexes: config.indexes
      .map((i) => {
        const on = i.config.columns.map((c) => ("name" in c && typeof c.name === "string" ? c.name : "<expression>")).join(",");
        return `${i.config.unique ? "unique " : ""}${i.config.name}(${on})${i.config.where ? ` where ${render(i.config.where)}` : ""}`;
      })
      .sort(),
  };
}
const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

test("every table of db/schema.ts has its Postgres mirror under the same export and SQL name, and no other", () => {
  expect(Object.keys(sameRows).sort()).toEqual(Object.keys(sqliteTables).sort());
  expect(noPgOnlyTable).toBe(true);
  expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
  for (const key of Object.keys(sqliteTables)) expect([key, getTableName(pgTables[key]!)]).toEqual([key, getTableName(sqliteTables[key]!)]);
});

test("each mirrored table has the same columns: TS key and SQL name", () => {
  for (const [key, table] of Object.entries(sqliteTables)) {
    expect({ table: key, columns: columns(pgTables[key]!) }).toEqual({ table: key, columns: columns(table) });
  }
});

test("each mirrored table has the same primary key, unique columns, foreign keys and indexes", () => {
  for (const [key, table] of Object.entries(sqliteTables)) {
    const mirror = pgTables[key]!;
    const want = shape(table, sqliteTableConfig(table as SQLiteTable), (where) => sqliteDialect.sqlToQuery(where).sql);
    expect(shape(mirror, pgTableConfig(mirror as PgTable), (where) => pgDialect.sqlToQuery(where).sql)).toEqual(want);
  }
});
