// Migrations: applied once each, even when another process (a server starting, `woes backup`)
// migrates the same file at the same moment.
import { expect, test } from "bun:test";
import { migrate, type SqlRunner } from "../../db/migrate";

const MIGRATIONS = [
  { tag: "0000_a", sql: "CREATE TABLE a (x)" },
  { tag: "0001_b", sql: "CREATE TABLE b (x)--> statement-breakpoint\nCREATE INDEX b_x ON b (x)" },
];

/** fakeFile is one database file as two processes see it: its tables and its record of applied tags. */
function fakeFile() {
  const tables = new Set<string>();
  const tags = new Set<string>();
  const runner = (beforeLock: () => void = () => {}): SqlRunner => ({
    exec(sql) {
      const insert = /INSERT INTO __woes_migrations \(tag, applied_at\) VALUES \('([^']+)'/.exec(sql);
      if (insert) return void tags.add(insert[1]!);
      const made = /CREATE (?:TABLE|INDEX) (?:IF NOT EXISTS )?(\w+)/.exec(sql)?.[1];
      if (made && !sql.includes("IF NOT EXISTS") && tables.has(made)) throw new Error(`table ${made} already exists`);
      if (made) tables.add(made);
    },
    all: <T>() => [...tags].map((tag) => ({ tag })) as T[],
    transaction(fn) {
      beforeLock();
      fn();
    },
  });
  return { tables, tags, runner };
}

test("a file migrated by another process between the first look and the write lock is left as it is", () => {
  const file = fakeFile();
  let raced = false;
  // note: the other process takes the lock first and applies everything; ours then gets the lock.
  const ours = file.runner(() => {
    if (raced) return;
    raced = true;
    migrate(file.runner(), MIGRATIONS);
  });
  expect(migrate(ours, MIGRATIONS)).toEqual([]);
  expect([...file.tags]).toEqual(["0000_a", "0001_b"]);
});

test("each migration is applied once, in order, and a second run applies nothing", () => {
  const file = fakeFile();
  expect(migrate(file.runner(), MIGRATIONS)).toEqual(["0000_a", "0001_b"]);
  expect([...file.tables]).toEqual(["__woes_migrations", "a", "b", "b_x"]);
  expect(migrate(file.runner(), MIGRATIONS)).toEqual([]);
});
