// `woes migrate --db postgres://…` through the real CLI, on a real throwaway Postgres: it builds every table
// of db/pg/schema.ts, applies each migration once however many instances start together, names a server it
// cannot reach without its password; the other commands run on Postgres too, and backup points to pg_dump.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import * as pgSchema from "../../db/pg/schema";
import { denoEnv, DENO_WOES, executable, freePort } from "../helpers/server";
import { sharedPostgres, type Postgres } from "../helpers/postgres";
import { roomyTimeouts } from "../helpers/timeouts";
import { MIGRATION_LOCK } from "../../src/platform/postgres";
import { run, runtime, sleep, start } from "../runtime/neutral";

roomyTimeouts();

let pg: Postgres;
let woes: string[];
const dir = mkdtempSync(join(tmpdir(), "woes-pg-"));
beforeAll(async () => {
  [pg, woes] = await Promise.all([sharedPostgres(), runtime === "bun" ? executable().then((bin) => [bin]) : Promise.resolve(DENO_WOES)]);
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ PATH: process.env.PATH ?? "", ...denoEnv(woes) });
const cli = (...args: string[]) => run([...woes, ...args], { cwd: dir, env: env() });

/** rows runs one query on the database at url through postgres.js. */
async function rows<T>(url: string, query: string): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return [...(await sql.unsafe(query))] as T[];
  } finally {
    await sql.end();
  }
}

test("migrate builds every table and column of the Postgres schema; a second run applies nothing", async () => {
  const url = await pg.createDatabase("fresh");
  const first = cli("migrate", "--db", url);
  expect(first.err).toBe("");
  expect(first.code).toBe(0);
  expect(first.out.trim()).toBe(`Applied 0000_init, 0001_triggers, 0002_conversation_seq, 0003_search, 0004_passage_search, 0005_presence_seen, 0006_assigned_only to ${url}`);

  // note: the search tables are Postgres's own (SQLite's FTS5 tables are not in its drizzle schema either).
  const live = await rows<{ table_name: string; column_name: string }>(
    url,
    "select table_name, column_name from information_schema.columns where table_schema = 'public' and table_name not in ('__woes_migrations', 'message_words', 'conversation_words', 'passage_words')",
  );
  const tables = Object.values(pgSchema).filter((t) => t instanceof PgTable) as PgTable[];
  const expected = tables.flatMap((t) => getTableConfig(t).columns.map((c) => `${getTableConfig(t).name}.${c.name}`));
  expect(live.map((r) => `${r.table_name}.${r.column_name}`).sort()).toEqual(expected.sort());
  expect(expected.length).toBeGreaterThan(200);

  const again = cli("migrate", "--db", url);
  expect(again.code).toBe(0);
  expect(again.out.trim()).toBe(`${url} is up to date`);
  expect(await rows(url, "select tag from __woes_migrations order by tag")).toEqual([{ tag: "0000_init" }, { tag: "0001_triggers" }, { tag: "0002_conversation_seq" }, { tag: "0003_search" }, { tag: "0004_passage_search" }, { tag: "0005_presence_seen" }, { tag: "0006_assigned_only" }]);
});

test("three instances migrating one database at once apply each migration once, the others waiting their turn", async () => {
  const url = await pg.createDatabase("together");
  // note: the lock is held here first, so all three surely start together and must wait for it.
  const holder = postgres(url, { max: 1, onnotice: () => {} });
  await holder`select pg_advisory_lock(${MIGRATION_LOCK})`;
  const outputs = ["", "", ""];
  const procs = outputs.map((_, i) => start([...woes, "migrate", "--db", url], { cwd: dir, env: env(), onOutput: (text) => (outputs[i] += text) }));
  await sleep(1000);
  expect(procs.map((p) => p.exitCode())).toEqual([null, null, null]);
  expect(await rows(url, "select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name <> '__woes_migrations'")).toEqual([{ n: 0 }]);
  await holder`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  await holder.end();
  const codes = await Promise.all(procs.map((p) => p.exited));
  expect(codes).toEqual([0, 0, 0]);
  expect(outputs.filter((o) => o.includes("Applied 0000_init, 0001_triggers, 0002_conversation_seq, 0003_search, 0004_passage_search, 0005_presence_seen, 0006_assigned_only"))).toHaveLength(1);
  expect(outputs.filter((o) => o.includes("is up to date"))).toHaveLength(2);
  expect(await rows(url, "select count(*)::int as n from __woes_migrations")).toEqual([{ n: 7 }]);
});

test("a server nobody listens on is named without its password, and the run fails", async () => {
  const port = await freePort();
  const r = cli("migrate", "--db", `postgres://woes:hunter2@127.0.0.1:${port}/woes`);
  expect(r.code).toBe(1);
  expect(r.err).toContain(`cannot reach Postgres at postgres://woes@127.0.0.1:${port}/woes: nothing listens there`);
  expect(r.err + r.out).not.toContain("hunter2");
});

test("a database that does not exist is named, and nothing is created", async () => {
  const url = pg.url.replace(/\/postgres$/, "/nowhere");
  const r = cli("migrate", "--db", url);
  expect(r.code).toBe(1);
  expect(r.err).toContain(`Postgres at ${url} has no such database`);
});

test("the other commands run on Postgres too, migrating first; backup points to pg_dump", async () => {
  const url = await pg.createDatabase("commands");
  const made = cli("workspace", "create", "--name", "Globex", "--db", url, "--json");
  expect([made.code, made.err]).toEqual([0, ""]);
  const workspace = JSON.parse(made.out);
  const key = JSON.parse(cli("key", "create", "--workspace", workspace.workspace.id, "--db", url, "--json").out);
  expect(key.key).toMatch(/^pk_ws_/);
  const listed = cli("workspace", "list", "--db", url);
  expect([listed.code, listed.out]).toEqual([0, expect.stringContaining("Globex")]);
  const revoked = cli("key", "revoke", key.key, "--db", url);
  expect(revoked.code).toBe(0);
  expect(await rows(url, `select revoked_at is not null as revoked from widget_key where key = '${key.key}'`)).toEqual([{ revoked: true }]);
  const backup = cli("backup", "copy.db", "--db", url);
  expect(backup.code).toBe(2);
  expect(backup.err).toContain("back a Postgres database up with pg_dump");
});
