// The Postgres hub and the CLI: a command run on a Postgres database (`woes key revoke`) tells the running instances
// over LISTEN/NOTIFY to forget the keys they remember, then exits; what it published must leave before it does.
import { afterAll, expect, test } from "bun:test";
import { createServer, connect, type Server } from "node:net";
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
const proxies: Server[] = [];
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close()));
  for (const p of proxies) p.close();
});

/** slowProxy forwards TCP to Postgres, each connection only after delayMs: a connection being opened on a loaded machine. */
async function slowProxy(url: string, delayMs: number): Promise<string> {
  const target = new URL(url);
  const server = createServer((client) => {
    client.pause();
    setTimeout(() => {
      const upstream = connect(Number(target.port), target.hostname, () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    }, delayMs);
  });
  proxies.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(url);
  proxied.port = String((server.address() as { port: number }).port);
  return proxied.href;
}

test("a CLI command run while its connections open slowly still tells the running instances to forget keys, each time", async () => {
  const url = await freshDatabase();
  const listener = await openPostgresHub(url);
  opened.push(listener);
  let heard = 0;
  listener.subscribe(topics.caches, () => heard++);
  // note: the CLI's connections open 300 ms late, so its hub's first notification is still on its way when the
  // command publishes and exits; what it published must still be sent before it exits.
  const slow = await slowProxy(url, 300);
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
