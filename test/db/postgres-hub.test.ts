// The Postgres hub: what a write announces goes out inside its transaction, at its commit, to every instance; and the
// CLI: a command run on a Postgres database (`woes key revoke`) tells the running instances over LISTEN/NOTIFY to forget
// the keys they remember, then exits; what it published must leave before it does.
import { afterAll, expect, test } from "bun:test";
import { roundRobin, type Balancer } from "../helpers/balancer";
import { freshDatabase } from "../helpers/postgres";
import { roomyTimeouts } from "../helpers/timeouts";
import postgres from "postgres";
import { BUS_CHANNEL, MAX_UNFINISHED, openPostgresHub, openPostgresStore, type PostgresHub } from "../../src/platform/postgres";
import { topics } from "../../src/realtime/hub";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { denoEnv, DENO_WOES, executable } from "../helpers/server";
import { runtime, sleep, start } from "../runtime/neutral";

roomyTimeouts();

const opened: PostgresHub[] = [];
const proxies: Balancer[] = [];
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close()));
  for (const p of proxies) p.close();
});

test("a CLI command run while its connections open slowly still tells the running instances to forget keys, each time", async () => {
  const url = await freshDatabase();
  const listener = await openPostgresHub(url);
  opened.push(listener);
  let heard = 0;
  listener.subscribe(topics.caches, () => heard++);
  // note: the CLI's connections open 300 ms late, so its hub's first notification is still on its way when the
  // command publishes and exits; what it published must still be sent before it exits.
  const proxy = await roundRobin({ delayMs: 300 });
  proxies.push(proxy);
  proxy.to([Number(new URL(url).port)]);
  const slow = Object.assign(new URL(url), { port: String(proxy.port) }).href;
  const woes = runtime === "bun" ? [await executable()] : DENO_WOES;
  const dir = mkdtempSync(join(tmpdir(), "woes-hub-"));
  try {
    for (let i = 0; i < 3; i++) {
      const before = heard;
      let out = "";
      const cli = start([...woes, "key", "list", "--db", slow], { cwd: dir, env: { PATH: process.env.PATH ?? "", ...denoEnv(woes) }, onOutput: (t) => (out += t) });
      expect([await cli.exited, out]).toEqual([0, "No keys.\n"]);
      const end = Date.now() + 2000;
      while (heard === before && Date.now() < end) await sleep(10);
      expect(heard).toBe(before + 1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("events published inside a write reach every instance, this one too, once it commits; once if it is run again; never if it rolls back", async () => {
  const url = await freshDatabase();
  const store = openPostgresStore(url, { max: 2 });
  const hub = await openPostgresHub(url, store);
  const other = await openPostgresHub(url);
  opened.push(hub, other);
  const here: string[] = [];
  const there: string[] = [];
  hub.subscribe<string>("t", (e) => here.push(e));
  other.subscribe<string>("t", (e) => there.push(e));
  try {
    await expect(
      store.write(async () => {
        hub.publish("t", "rolled back");
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    // note: over a notification's 8 000 bytes, so it goes in parts inside the transaction.
    const long = "x".repeat(20_000);
    let attempts = 0;
    await store.write(async () => {
      hub.publish("t", `attempt ${++attempts}`);
      hub.publish("t", long);
      // note: lost a serialization race the first time: run again from the start.
      if (attempts === 1) throw Object.assign(new Error("could not serialize access"), { code: "40001" });
      await sleep(300);
      // note: the transaction is still open: nothing has been heard anywhere.
      expect([here, there]).toEqual([[], []]);
    });
    const end = Date.now() + 2000;
    while ((here.length < 2 || there.length < 2) && Date.now() < end) await sleep(10);
    await sleep(100);
    expect(here).toEqual(["attempt 2", long]);
    expect(there).toEqual(["attempt 2", long]);
  } finally {
    store.close();
  }
});

test("a message whose part was lost is let go once newer unfinished ones fill the room; the bus goes on delivering", async () => {
  const url = await freshDatabase();
  const hub = await openPostgresHub(url);
  opened.push(hub);
  const heard: string[] = [];
  hub.subscribe<string>("t", (e) => heard.push(e));
  // note: another instance's parted messages, as they go on the bus (see BusMessage in src/platform/postgres.ts).
  const sender = postgres(url, { max: 1, onnotice: () => {} });
  const halves = (id: number) => {
    const text = JSON.stringify({ from: "another-instance", topic: "t", event: `message ${id} ${"x".repeat(3000)}` });
    const at = Math.ceil(text.length / 2);
    return [text.slice(0, at), text.slice(at)].map((data, part) => JSON.stringify({ from: "another-instance", id, part, of: 2, data }));
  };
  try {
    // note: the first halves of MAX_UNFINISHED + 1 messages, then the second halves of the first and the last.
    for (let id = 1; id <= MAX_UNFINISHED + 1; id++) await sender`select pg_notify(${BUS_CHANNEL}, ${halves(id)[0]!})`;
    await sender`select pg_notify(${BUS_CHANNEL}, ${halves(1)[1]!})`;
    await sender`select pg_notify(${BUS_CHANNEL}, ${halves(MAX_UNFINISHED + 1)[1]!})`;
    for (const part of halves(MAX_UNFINISHED + 2)) await sender`select pg_notify(${BUS_CHANNEL}, ${part})`;
    const end = Date.now() + 2000;
    while (heard.length < 2 && Date.now() < end) await sleep(10);
    await sleep(100);
    // note: the first message was let go for the last: its second half alone is held, unfinished, and never heard.
    expect(heard.map((e) => e.split(" ").slice(0, 2).join(" "))).toEqual([`message ${MAX_UNFINISHED + 1}`, `message ${MAX_UNFINISHED + 2}`]);
  } finally {
    await sender.end();
  }
});
