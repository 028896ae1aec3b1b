// One SQLite file, both runtimes: a database the Bun executable wrote is served by Deno, and what Deno wrote is
// served by the Bun executable again. Runs under `bun test` only (it needs dist/woes, which Bun builds).
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DENO_WOES, denoEnv, NO_LIMITS, startServer, type RunningServer } from "../helpers/server";
import { run } from "../runtime/neutral";
import { roomyTimeouts } from "../helpers/timeouts";

roomyTimeouts();

const dir = mkdtempSync(join(tmpdir(), "woes-format-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const history = async (s: RunningServer, key: string, token: string, conversation: string) => {
  const res = await fetch(`${s.url}/api/widget/messages?conversation=${conversation}`, { headers: { "x-woes-key": key, authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as any).messages.map((m: any) => m.body);
};

const send = async (s: RunningServer, key: string, token: string, conversationId: string | undefined, body: string) => {
  const res = await fetch(`${s.url}/api/widget/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-woes-key": key, authorization: `Bearer ${token}` },
    body: JSON.stringify({ conversationId, body }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as any).conversation.id as string;
};

test("a database written by the Bun executable opens under Deno, and back", async () => {
  const bun = await startServer({ args: NO_LIMITS, runtime: "bun", dir });
  const key = bun.publicKey;
  const session = (await (await fetch(`${bun.url}/api/widget/session`, { method: "POST", headers: { "content-type": "application/json", "x-woes-key": key }, body: "{}" })).json()) as any;
  const token = session.visitor.token;
  const conversation = await send(bun, key, token, undefined, "written by Bun");
  await bun.stop();

  const deno = await startServer({ args: NO_LIMITS, runtime: "deno", dir });
  expect(deno.stdout()).not.toContain("Widget key");
  expect(await history(deno, key, token, conversation)).toEqual(["written by Bun"]);
  await send(deno, key, token, conversation, "written by Deno");
  await deno.stop();
  const made = run([...DENO_WOES, "workspace", "create", "--name", "Made under Deno", "--json", "--db", deno.db], { cwd: dir, env: { PATH: process.env.PATH ?? "", ...denoEnv(DENO_WOES) } });
  expect(made.code).toBe(0);

  const again = await startServer({ args: NO_LIMITS, runtime: "bun", dir });
  expect(await history(again, key, token, conversation)).toEqual(["written by Bun", "written by Deno"]);
  const list = run([...again.command, "workspace", "list", "--json", "--db", again.db], { cwd: dir, env: { PATH: process.env.PATH ?? "" } });
  expect(JSON.parse(list.out).workspaces.map((w: any) => w.name)).toContain("Made under Deno");
  await again.stop();
}, 120_000);
