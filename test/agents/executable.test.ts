// End to end through dist/woes: agent key → visitor message → typing → deltas → agent message over
// the widget's SSE stream, answered by a real OpenAI-compatible server on loopback.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startServer, type RunningServer } from "../helpers/server";
import { startProvider, type FakeProvider } from "../helpers/provider";
import { docText } from "./kit";
import { roomyTimeouts } from "../helpers/timeouts";

roomyTimeouts();

let server: RunningServer;
let p: FakeProvider;
const REPLY = "Open Settings, then Billing, then Invoices: every payment has its PDF invoice there, and you can add a VAT number on the same page.";

beforeAll(async () => {
  p = await startProvider({ reply: REPLY, chunk: 9, delayMs: 20 });
  server = await startServer({ args: ["--ai-url", p.url, "--ai-model", "e2e-model"], env: { WOES_AI_KEY: "sk-e2e-key" } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  p?.stop();
});

const admin = async (path: string, body: unknown) => {
  const r = await fetch(`${server.url}/api/admin${path}`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(r.status).toBeLessThan(300);
  return r.json() as Promise<any>;
};

test("an agent key's visitor gets typing, streamed deltas and a cited agent answer over SSE", async () => {
  const ws = server.workspaceId;
  const { agent } = await admin(`/workspaces/${ws}/agents`, { name: "Ava", instructions: "Be brief." });
  await admin(`/workspaces/${ws}/agents/${agent.id}/sources`, { title: "Billing", text: docText("billing.md"), url: "https://docs.acme.example/billing" });
  const { key } = await admin(`/workspaces/${ws}/keys`, { kind: "agent", agentId: agent.id });
  const session = await (await fetch(`${server.url}/api/widget/session`, { method: "POST", headers: { "x-woes-key": key, "content-type": "application/json" }, body: "{}" })).json();
  expect(session.agent).toEqual({ name: "Ava" });
  const auth = { "x-woes-key": key, authorization: `Bearer ${session.visitor.token}` };

  const ac = new AbortController();
  const res = await fetch(`${server.url}/api/widget/messages/stream`, { headers: auth, signal: ac.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: any; at: number }[] = [];
  let buffer = "";
  const next = async (pred: (e: { event: string; data: any }) => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    for (;;) {
      const found = events.find(pred);
      if (found) return found;
      if (Date.now() > end) throw new Error(`no such event in ${ms} ms: ${JSON.stringify(events.map((e) => e.event))}`);
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      buffer += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: data ? JSON.parse(data) : null, at: Date.now() });
      }
    }
  };
  await next((e) => e.event === "ready");

  const sentAt = Date.now();
  const sent = await fetch(`${server.url}/api/widget/messages`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ body: "Where can I download my invoices?" }) });
  expect(sent.status).toBe(201);
  const { conversation } = await sent.json();
  expect(conversation.handler).toBe("agent");
  const typing = await next((e) => e.event === "typing");
  expect(typing.data).toEqual({ conversationId: conversation.id, author: { kind: "agent", name: "Ava" } });
  expect(typing.at - sentAt).toBeLessThan(1000);
  const answer = await next((e) => e.event === "message" && e.data.message.author.kind === "agent");
  ac.abort();
  const deltas = events.filter((e) => e.event === "message_delta");
  expect(deltas.length).toBeGreaterThan(1);
  expect(deltas.every((d) => REPLY.startsWith(d.data.text) && d.data.conversationId === conversation.id)).toBe(true);
  expect(answer.data.message).toMatchObject({ body: REPLY, author: { kind: "agent", name: "Ava" }, sources: [{ title: "Billing", url: "https://docs.acme.example/billing" }] });
  expect(p.received[0]).toMatchObject({ authorization: "Bearer sk-e2e-key", body: { model: "e2e-model", stream: true } });

  const detail = await (await fetch(`${server.url}/api/admin/conversations/${conversation.id}`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json();
  expect(detail.conversation.messages.at(-1).trace).toMatchObject({ provider: { host: new URL(p.url).host }, model: "e2e-model" });
}, 60_000);
