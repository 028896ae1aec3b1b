// Kill -9 during concurrent writes: every acknowledged message is there after restart.
import { afterAll, expect, test } from "bun:test";
import { readFile } from "./helpers/platform";
import { NO_LIMITS, startServer, type RunningServer } from "./helpers/server";
import { sleep } from "./runtime/neutral";
import { roomyTimeouts } from "./helpers/timeouts";

roomyTimeouts();

let server: RunningServer | undefined;
afterAll(() => server?.stop());

test("SIGKILL during concurrent writes loses no acknowledged message", async () => {
  server = await startServer({ args: NO_LIMITS });
  const s = server;
  const base = { "content-type": "application/json", "x-woes-key": s.publicKey };
  const writers = 8;
  const acked = new Map<string, { token: string; conversation: string; ids: Set<string> }>();
  let stopping = false;

  const writer = async (w: number) => {
    const session = (await (await fetch(`${s.url}/api/widget/session`, { method: "POST", headers: base, body: "{}" })).json()) as any;
    const token = session.visitor.token;
    const headers = { ...base, authorization: `Bearer ${token}` };
    let conversation: string | undefined;
    for (let i = 0; !stopping; i++) {
      try {
        const res = await fetch(`${s.url}/api/widget/messages`, { method: "POST", headers, body: JSON.stringify({ conversationId: conversation, body: `writer ${w} message ${i}` }) });
        if (res.status !== 201) continue;
        const json = (await res.json()) as any;
        conversation = json.conversation.id;
        const entry = acked.get(conversation!) ?? { token, conversation: conversation!, ids: new Set<string>() };
        entry.ids.add(json.message.id);
        acked.set(conversation!, entry);
      } catch {
        return; // the server died under us: what was acknowledged is what counts
      }
    }
  };

  const running = Array.from({ length: writers }, (_, w) => writer(w));
  const acknowledged = () => [...acked.values()].reduce((n, e) => n + e.ids.size, 0);
  // note: killed once at least 200 messages were acknowledged, with the writers still going.
  for (const end = Date.now() + 20_000; acknowledged() < 200 && Date.now() < end; ) await sleep(20);
  s.kill("SIGKILL");
  stopping = true;
  await Promise.all(running);
  await s.proc.exited;

  const total = acknowledged();
  expect(total).toBeGreaterThanOrEqual(200);

  await s.restart();
  for (const entry of acked.values()) {
    const seen = new Set<string>();
    let after = "";
    for (;;) {
      const res = await fetch(`${s.url}/api/widget/messages?conversation=${entry.conversation}&limit=100${after ? `&after=${after}` : ""}`, {
        headers: { "x-woes-key": s.publicKey, authorization: `Bearer ${entry.token}` },
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as any;
      for (const m of page.messages) seen.add(m.id);
      if (!page.hasMore) break;
      after = page.nextCursor;
    }
    for (const id of entry.ids) expect(seen.has(id)).toBe(true);
  }
  expect(await readFile(s.db, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
}, 60_000);

// note: on SQLite a customer message's conversation activity is written behind its send (src/domain/activity.ts). A
// stop writes what waits; without that, the next start would (see test/domain/activity.test.ts), so the file is read
// here without starting the server again. The writer's own timer may beat the stop to it, rarely (200 ms apart).
test("SIGTERM right after a message writes its conversation's activity before the process ends", async () => {
  const s = await startServer({ args: NO_LIMITS });
  try {
    const base = { "content-type": "application/json", "x-woes-key": s.publicKey };
    const session = (await (await fetch(`${s.url}/api/widget/session`, { method: "POST", headers: base, body: "{}" })).json()) as any;
    const headers = { ...base, authorization: `Bearer ${session.visitor.token}` };
    const send = async (body: object) => (await (await fetch(`${s.url}/api/widget/messages`, { method: "POST", headers, body: JSON.stringify(body) })).json()) as any;
    const first = await send({ body: "first" });
    await sleep(20);
    const second = await send({ conversationId: first.conversation.id, body: "second" });
    s.kill("SIGTERM");
    await s.proc.exited;
    const [row] = await readFile<{ updated_at: number }>(s.db, `select updated_at from conversation where id = '${first.conversation.id}'`);
    expect(Number(row!.updated_at)).toBe(Date.parse(second.message.createdAt));
  } finally {
    await s.stop();
  }
}, 60_000);
