// The Postgres test harness: one real, throwaway cluster for this file, reached over TCP at the URL it gives,
// databases made on it kept apart, and nothing left behind once stopped.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { sharedPostgres, psqlPath, type Postgres } from "../helpers/postgres";
import { roomyTimeouts } from "../helpers/timeouts";
import { run } from "../runtime/neutral";

roomyTimeouts();

let pg: Postgres;
beforeAll(async () => {
  pg = await sharedPostgres();
});
afterAll(() => pg?.stop());

/** sql runs one statement through the cluster's own psql at url and answers its unaligned output. */
const sql = (url: string, statement: string) => {
  const r = run([psqlPath(pg.bin), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", statement, url]);
  return { code: r.code, out: r.out.trim(), err: r.err };
};

/** refused answers whether a TCP connection to 127.0.0.1:port is refused. */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });

test("the cluster answers select 1 over TCP at its URL", async () => {
  expect(pg.url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
  expect(await sharedPostgres()).toBe(pg);
  expect(sql(pg.url, "select 1")).toEqual({ code: 0, out: "1", err: "" });
});

test("two databases made on it are separate", async () => {
  const a = await pg.createDatabase("harness_a");
  const b = await pg.createDatabase("harness_b");
  expect(a).toBe(`postgres://postgres@127.0.0.1:${pg.port}/harness_a`);
  expect(sql(a, "create table only_in_a (x int); insert into only_in_a values (7)").code).toBe(0);
  expect(sql(a, "select x from only_in_a").out).toBe("7");
  expect(sql(b, "select count(*) from pg_tables where tablename = 'only_in_a'").out).toBe("0");
  const missing = sql(b, "select x from only_in_a");
  expect(missing.code).not.toBe(0);
  expect(missing.err).toContain('relation "only_in_a" does not exist');
});

test("once stopped, its port refuses connections and its folder is gone; stopping again does nothing", async () => {
  expect(await refused(pg.port)).toBe(false);
  await pg.stop();
  expect(await refused(pg.port)).toBe(true);
  expect(existsSync(pg.dir)).toBe(false);
  await pg.stop();
  expect(await sharedPostgres()).not.toBe(pg);
  await (await sharedPostgres()).stop();
});
