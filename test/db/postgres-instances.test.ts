// N instances on one Postgres database behave as one server (CONTRACT §8): three real `woes serve --db postgres://…`
// processes, each on its own port, as a load balancer without sticky sessions would spread requests over them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { NO_LIMITS, startServer, type RunningServer } from "../helpers/server";
import { freshDatabase } from "../helpers/postgres";
import { openSse, overHttp } from "../helpers/builders";
import { roomyTimeouts } from "../helpers/timeouts";
import { sleep } from "../runtime/neutral";

roomyTimeouts();

let a: RunningServer;
let b: RunningServer;
let c: RunningServer;
beforeAll(async () => {
  const db = await freshDatabase();
  // note: the first instance makes the first workspace (its key and token are printed once); the others find it.
  a = await startServer({ db, args: NO_LIMITS });
  [b, c] = await Promise.all([startServer({ db, args: NO_LIMITS }), startServer({ db, args: NO_LIMITS })]);
}, 120_000);
afterAll(async () => {
  await Promise.all([a, b, c].map((s) => s?.stop()));
});

/** call sends a request to one instance: JSON in and out. */
async function call(s: RunningServer, path: string, init: { body?: unknown; key?: string; token?: string; admin?: boolean; method?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-woes-key": init.key ?? a.publicKey };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.admin) headers.authorization = `Bearer ${a.adminToken}`;
  const res = await fetch(s.url + path, { method: init.method ?? (init.body === undefined ? "GET" : "POST"), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const visitorOn = async (s: RunningServer, key = a.publicKey) => (await call(s, "/api/widget/session", { body: {}, key })).json.visitor.token as string;

describe("three instances on one Postgres database", () => {
  test("the first instance made the workspace once; the others serve it without making another", async () => {
    expect(a.publicKey).toMatch(/^pk_ws_/);
    expect([b.publicKey, c.publicKey]).toEqual(["", ""]);
    expect(b.stdout()).toContain("listening on");
    const workspaces = await call(c, "/api/admin/workspaces", { admin: true });
    expect(workspaces.json.workspaces.map((w: { id: string }) => w.id)).toEqual([a.workspaceId]);
  });

  test("a reply posted on one instance reaches the visitor streaming from another, and history on a third has it", async () => {
    const token = await visitorOn(a);
    const sent = await call(b, "/api/widget/messages", { token, body: { body: "Hello from instance B" } });
    expect(sent.status).toBe(201);
    const id = sent.json.conversation.id;
    const stream = await openSse(overHttp(c.url), "/api/widget/messages/stream", { "x-woes-key": a.publicKey, authorization: `Bearer ${token}` });
    try {
      await stream.until(() => stream.of("ready").length === 1, 5000);
      const reply = await call(a, `/api/admin/conversations/${id}/messages`, { admin: true, body: { body: "Answered on instance A" } });
      expect(reply.status).toBe(201);
      await stream.until(() => stream.of("message").some((e) => e.data.message.body === "Answered on instance A"), 5000);
    } finally {
      await stream.close();
    }
    const history = await call(c, `/api/widget/messages?conversation=${id}`, { token });
    expect(history.json.messages.map((m: { body: string }) => m.body)).toEqual(["Hello from instance B", "Answered on instance A"]);
  });

  test("a message over a notification's 8000 bytes travels whole", async () => {
    const token = await visitorOn(b);
    // note: 900 × (2 + 4 + 2 + 2) bytes once escaped in JSON: 9 000 bytes.
    const body = "é😀\"\\".repeat(900);
    const stream = await openSse(overHttp(c.url), "/api/widget/messages/stream", { "x-woes-key": a.publicKey, authorization: `Bearer ${token}` });
    try {
      await stream.until(() => stream.of("ready").length === 1, 5000);
      // note: the visitor's own message from another tab reaches its streams too.
      expect((await call(a, "/api/widget/messages", { token, body: { body } })).status).toBe(201);
      await stream.until(() => stream.of("message").some((e) => e.data.message.body === body), 5000);
    } finally {
      await stream.close();
    }
  });

  test("operatorsOnline counts the operators watching the inbox from every instance", async () => {
    const token = await visitorOn(c);
    const online = async (s: RunningServer) => (await call(s, "/api/widget/presence", { token, body: { state: "active" } })).json.operatorsOnline as number;
    expect(await online(c)).toBe(0);
    const inbox = (s: RunningServer) => openSse(overHttp(s.url), "/api/admin/conversations/stream", { authorization: `Bearer ${a.adminToken}` });
    const one = await inbox(a);
    const two = await inbox(b);
    try {
      const end = Date.now() + 5000;
      while ((await Promise.all([online(a), online(b), online(c)])).some((n) => n !== 2)) {
        if (Date.now() > end) throw new Error(`operatorsOnline never agreed on 2: ${await Promise.all([online(a), online(b), online(c)])}`);
        await sleep(20);
      }
    } finally {
      await one.close();
      await two.close();
    }
    const end = Date.now() + 5000;
    while ((await online(c)) !== 0) {
      if (Date.now() > end) throw new Error("operatorsOnline did not fall back to 0 once the inboxes closed");
      await sleep(20);
    }
  });

  test("a key revoked on one instance is refused by the others within milliseconds", async () => {
    const made = await call(a, `/api/admin/workspaces/${a.workspaceId}/keys`, { admin: true, body: { kind: "workspace" } });
    expect(made.status).toBe(201);
    const key = made.json.key as string;
    // note: each instance has the key in its cache before the revocation.
    for (const s of [a, b, c]) expect((await call(s, "/api/widget/session", { key, body: {} })).status).toBe(200);
    const revoked = await call(a, `/api/admin/workspaces/${a.workspaceId}/keys/${key}`, { admin: true, method: "DELETE" });
    expect(revoked.status).toBe(204);
    const at = Date.now();
    for (const s of [b, c]) {
      while ((await call(s, "/api/widget/session", { key, body: {} })).status !== 401) {
        if (Date.now() - at > 1000) throw new Error(`${s.url} still took the revoked key after 1 s`);
        await sleep(2);
      }
    }
    expect(Date.now() - at).toBeLessThan(1000);
  });

  test("sends spread over the instances into one conversation keep its cursor gap-free: every message, once, in order", async () => {
    const token = await visitorOn(a);
    const first = await call(a, "/api/widget/messages", { token, body: { body: "m-start" } });
    const id = first.json.conversation.id;
    const bodies = Array.from({ length: 60 }, (_, i) => `m-${i}`);
    const servers = [a, b, c];
    const seen: string[] = ["m-start"];
    let cursor = first.json.message.id as string;
    // note: a reader pages by cursor while the sends land, as a widget does.
    const sends = Promise.all(bodies.map((body, i) => call(servers[i % 3]!, "/api/widget/messages", { token, body: { conversationId: id, body } })));
    const reading = (async () => {
      for (let round = 0; round < 400 && seen.length < bodies.length + 1; round++) {
        const page = await call(servers[round % 3]!, `/api/widget/messages?conversation=${id}&after=${cursor}`, { token });
        for (const m of page.json.messages) seen.push(m.body);
        cursor = page.json.nextCursor;
        await sleep(5);
      }
    })();
    const answers = await sends;
    await reading;
    expect(answers.map((r) => r.status)).toEqual(bodies.map(() => 201));
    expect(seen.slice().sort()).toEqual(["m-start", ...bodies].sort());
    const whole = await call(b, `/api/widget/messages?conversation=${id}&limit=100`, { token });
    expect(whole.json.messages.map((m: { body: string }) => m.body)).toEqual(seen);
  });
});
