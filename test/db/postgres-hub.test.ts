// The Postgres hub and the CLI: a command run on a Postgres database (`woes key revoke`) tells the running instances
// over LISTEN/NOTIFY to forget the keys they remember, then exits; what it published must leave before it does.
import { afterAll, expect, test } from "bun:test";
import { roundRobin, type Balancer } from "../helpers/balancer";
import { freshDatabase } from "../helpers/postgres";
import { roomyTimeouts } from "../helpers/timeouts";
import { openPostgresHub, type PostgresHub } from "../../src/platform/postgres";
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
