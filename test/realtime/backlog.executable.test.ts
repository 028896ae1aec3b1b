// CONTRACT §4b against the real server: a stream whose client stops reading is closed once its unread
// backlog passes STREAM_BACKLOG_BYTES, its slot is freed, a reading stream of the same visitor keeps
// receiving, and the server's memory stays bounded. The clients that stop reading are raw TCP sockets
// paused after the first bytes, so the kernel's buffers fill and the runtime's backpressure reaches the stream.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import net from "node:net";
import { STREAM_BACKLOG_BYTES } from "../../src/realtime/sse";
import { startServer, type RunningServer } from "../helpers/server";
import { roomyTimeouts } from "../helpers/timeouts";
import { sleep } from "../runtime/neutral";

roomyTimeouts();

const STALLED = 8;
const REPLIES = 300;
// note: 5000 control characters pass validation and JSON writes each as 6 bytes: ~60 KB per `message` event.
const BODY = "\u0001".repeat(5000);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ args: ["--limit-streams", String(STALLED + 1), "--limit-streams-per-address", "100"] });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.proc.child.pid}/status`, "utf8"))![1]) / 1024;

async function widget(path: string, init: { body?: unknown; token?: string; signal?: AbortSignal } = {}) {
  const headers: Record<string, string> = { "x-woes-key": server.publicKey, "content-type": "application/json" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  return fetch(`${server.url}${path}`, { method: init.body ? "POST" : "GET", headers, body: init.body ? JSON.stringify(init.body) : undefined, signal: init.signal });
}

// note: streams are ended by aborting their request, which closes the connection under both runtimes.
async function tryStream(token: string) {
  const ac = new AbortController();
  const res = await widget("/api/widget/messages/stream", { token, signal: ac.signal });
  if (res.status !== 200) await res.body?.cancel();
  return { status: res.status, close: () => ac.abort() };
}

/** stalled opens a stream over a raw socket (the visitor's, or with admin the operators') and stops reading once the answer has begun. */
function stalled(token: string, path = "/api/widget/messages/stream") {
  const socket = net.connect(server.port, "127.0.0.1");
  const state = { status: "", received: 0, closed: false, socket };
  socket.on("close", () => (state.closed = true));
  socket.on("error", () => {});
  socket.on("data", (chunk: Buffer) => {
    state.received += chunk.length;
    if (state.status) return;
    state.status = chunk.toString("latin1").split(" ")[1] ?? "";
    socket.pause();
  });
  socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-woes-key: ${server.publicKey}\r\nauthorization: Bearer ${token}\r\n\r\n`);
  return state;
}

/** reading opens the stream with fetch and counts the `message` events that arrive. */
async function reading(token: string) {
  const ac = new AbortController();
  const res = await fetch(`${server.url}/api/widget/messages/stream`, { headers: { "x-woes-key": server.publicKey, authorization: `Bearer ${token}` }, signal: ac.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const state = { status: res.status, messages: 0, close: () => (ac.abort(), reader.cancel().catch(() => {})) };
  void (async () => {
    let buffer = "";
    for (let chunk; !(chunk = await reader.read().catch(() => ({ done: true as const, value: "" }))).done; ) {
      const blocks = (buffer += chunk.value).split("\n\n");
      buffer = blocks.pop()!;
      state.messages += blocks.filter((b) => b.startsWith("event: message\n")).length;
    }
  })();
  return state;
}

test("a stream nobody reads is closed past its backlog bound and frees its slot; a reading one gets every reply", async () => {
  const session = await (await widget("/api/widget/session", { body: {} })).json();
  const token: string = session.visitor.token;
  const sent = await (await widget("/api/widget/messages", { token, body: { body: "Hello" } })).json();
  const conversationId: string = sent.conversation.id;

  const stuck = Array.from({ length: STALLED }, () => stalled(token));
  const operator = stalled(server.adminToken, "/api/admin/conversations/stream");
  const live = await reading(token);
  expect(live.status).toBe(200);
  for (let i = 0; i < 100 && [...stuck, operator].some((s) => !s.status); i++) await sleep(20);
  expect([...stuck, operator].map((s) => s.status)).toEqual([...stuck, operator].map(() => "200"));
  // note: the visitor's slots are full now (STALLED and the reading stream).
  const full = await tryStream(token);
  const before = rssMb();

  let peak = before;
  for (let i = 0; i < REPLIES; i++) {
    const r = await fetch(`${server.url}/api/admin/conversations/${conversationId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ body: BODY }),
    });
    expect(r.status).toBe(201);
    await r.body?.cancel();
    if (i % 10 === 0) peak = Math.max(peak, rssMb());
  }
  for (let i = 0; i < 250 && live.messages < REPLIES; i++) await sleep(20);
  peak = Math.max(peak, rssMb());
  const sentBytes = REPLIES * 2 * JSON.stringify(BODY).length;
  console.log(`rss before ${before.toFixed(1)} MB, peak ${peak.toFixed(1)} MB; ${STALLED} stalled streams were each sent ${(sentBytes / 2 ** 20).toFixed(1)} MB of events`);

  // the reading stream got every reply
  expect(live.messages).toBe(REPLIES);
  // the server's memory grew by the bound per stalled stream and room for the runtime's own garbage, not by
  // what was sent to them (without the bound: +150 MB under Bun, +138 MB under Deno; with it: +29 to +33 and +19 to +38 MB)
  expect(peak - before).toBeLessThan((STALLED * STREAM_BACKLOG_BYTES) / 2 ** 20 + 56);
  // the stalled streams' slots are free again: the visitor may open as many streams as it holds stalled ones
  const again = [];
  for (let i = 0; i < STALLED; i++) again.push(await tryStream(token));
  expect([full.status, ...again.map((r) => r.status)]).toEqual([429, ...again.map(() => 200)]);
  for (const r of again) r.close();
  // once read, each stalled socket (the operator's too, sent half as much) ends having got far less than everything that was sent
  for (const s of [...stuck, operator]) s.socket.resume();
  for (let i = 0; i < 250 && [...stuck, operator].some((s) => !s.closed); i++) await sleep(20);
  expect([...stuck, operator].map((s) => s.closed)).toEqual([...stuck, operator].map(() => true));
  for (const s of stuck) expect(s.received).toBeLessThan(sentBytes / 2);
  expect(operator.received).toBeLessThan(sentBytes / 4);
  live.close();
});
