// Public boundaries (CONTRACT §5): on every widget route, answers and headers carry none of the
// planted secrets, internals, other tenants' data or database details, and only allow-listed keys.
import { describe, expect, test } from "bun:test";
import { as, assertNoLeak, makeWorld, openStream, plant, scenarios, send, setSettings, type Scenario, type World } from "../helpers/builders";
import { startProvider, USAGE } from "../helpers/provider";
import { INSTRUCTIONS, makeAgentApp } from "../agents/kit";

/** Every JSON key a widget answer may contain, at any depth. */
const PUBLIC_KEYS = new Set([
  "visitor", "token", "id", "verified", "name", "email", "company", "workspace", "agent", "avatarUrl", "settings", "theme", "identity", "survey",
  "ticketForms", "key", "title", "fields", "label", "type", "required", "options", "conversations", "unreadCount", "status", "kind", "createdAt",
  "updatedAt", "lastMessage", "conversationId", "author", "body", "clientId", "messages", "nextCursor", "hasMore", "conversation", "message",
  "totalUnread", "accepted", "ok", "operatorsOnline", "score", "comment", "error", "code", "field",
  "sources", "url", "handler", "draftId", "text",
]);
function keysOf(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) for (const y of x) keysOf(y, out);
  else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) out.add(k), keysOf(v, out);
  return out;
}
const onlyPublicKeys = (json: unknown) => expect([...keysOf(json)].filter((k) => !PUBLIC_KEYS.has(k))).toEqual([]);
const richWorld = async () => {
  const w = await makeWorld();
  await setSettings(w.t, { survey: "csat" });
  return w;
};

const BASE: Omit<Scenario<World>, "check">[] = [
  { name: "session (resume)", request: (w) => as(w.a, { path: "/api/widget/session", body: {} }), status: 200, expectedContent: ["Agent answer for Ada"] },
  { name: "session (agent key)", request: (w) => ({ path: "/api/widget/session", key: w.agent.key, token: w.a.token, body: {} }), status: 200, expectedContent: ["Helper Bot"] },
  { name: "session (new visitor)", request: (w) => ({ path: "/api/widget/session", key: w.t.ws.publicKey, body: { identity: { name: "New" } } }), status: 200 },
  { name: "history", request: (w) => as(w.a, { path: `/api/widget/messages?conversation=${w.convA}` }), status: 200, expectedContent: ["Operator answer for Ada", "Agent answer for Ada"] },
  { name: "history page", request: (w) => as(w.a, { path: `/api/widget/messages?conversation=${w.convA}&limit=1` }), status: 200 },
  { name: "send (continue)", request: (w) => as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "more", clientId: "k1" } }), status: 201 },
  { name: "send (new)", request: (w) => as(w.a, { path: "/api/widget/messages", body: { body: "new one", fields: { plan: "pro" } } }), status: 201 },
  { name: "read", request: (w) => as(w.a, { path: "/api/widget/messages/read", body: { conversationId: w.convA, messageId: w.agentReply.id } }), status: 200 },
  { name: "events", request: (w) => as(w.a, { path: "/api/widget/events", body: { events: [{ type: "widget_open", conversationId: w.convA }] } }), status: 202 },
  { name: "presence", request: (w) => as(w.a, { path: "/api/widget/presence", body: { state: "active" } }), status: 200 },
  { name: "csat", request: (w) => as(w.a, { path: "/api/widget/csat", body: { conversationId: w.convA, kind: "csat", score: 4 } }), status: 201 },
  // errors of each route
  { name: "session with a bad proof", request: (w) => as(w.a, { path: "/api/widget/session", body: { identity: { email: "ada@example.com", email_hash: "00" } } }), status: 401 },
  { name: "history of a stranger's conversation", request: (w) => as(w.a, { path: `/api/widget/messages?conversation=${w.convB}` }), status: 404 },
  { name: "send to a stranger's conversation", request: (w) => as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convC, body: "x" } }), status: 404 },
  { name: "read of an internal note", request: (w) => as(w.a, { path: "/api/widget/messages/read", body: { conversationId: w.convA, messageId: w.note.id } }), status: 404 },
  { name: "events with a bad type", request: (w) => as(w.a, { path: "/api/widget/events", body: { events: [{ type: "x" }] } }), status: 422 },
  { name: "presence with the other workspace's token", request: (w) => ({ path: "/api/widget/presence", key: w.t.ws.publicKey, token: w.c.token, body: { state: "active" } }), status: 401 },
  { name: "csat on a stranger's conversation", request: (w) => as(w.a, { path: "/api/widget/csat", body: { conversationId: w.convB, kind: "csat", score: 1 } }), status: 404 },
  { name: "bad JSON", request: (w) => as(w.a, { path: "/api/widget/messages", raw: "{oops" }), status: 400 },
];
const ROWS: Scenario<World>[] = BASE.map((row) => ({ ...row, check: (r) => onlyPublicKeys(r.json) }));

describe("no widget answer leaks", () => {
  scenarios(richWorld, ROWS);

  test("the long poll's answer leaks nothing, even when woken by a note and then a reply", async () => {
    const w = await richWorld();
    const tail = (await w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${w.convA}` }))).json.nextCursor;
    const pending = w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${w.convA}&after=${tail}&wait=2` }));
    setTimeout(async () => {
      await plant(w.t, w.convA, { body: "SECOND_NOTE_SECRET", internal: true, internals: { prompt: "PROMPT_TWO_SECRET" } });
      await plant(w.t, w.convA, { body: "Visible reply", kind: "agent", internals: { model: "MODEL_GPT_SECRET_9" } });
    }, 50);
    const r = await pending;
    expect(r.json.messages.map((m: any) => m.body)).toEqual(["Visible reply"]);
    assertNoLeak(r, [...w.secrets, "SECOND_NOTE_SECRET", "PROMPT_TWO_SECRET"]);
    onlyPublicKeys(r.json);
  });

  test("the stream leaks nothing across a busy minute", async () => {
    const w = await richWorld();
    const s = await openStream(w.t, w.a);
    try {
      await s.until(() => s.of("unread").length > 0);
      await plant(w.t, w.convA, { body: "STREAM_NOTE_SECRET", internal: true, operatorRef: w.opRef });
      await plant(w.t, w.convB, { body: "BOB_ONLY" });
      await plant(w.t, w.convC, { body: "GLOBEX_ONLY" });
      await plant(w.t, w.convA, { body: "Public reply", operatorRef: w.opRef, internals: { provider: "PROVIDER_OPENROUTER_X" } });
      await w.t.call(as(w.a, { path: "/api/widget/messages/read", body: { conversationId: w.convA } }));
      await s.until(() => s.of("message").length > 0 && s.of("unread").length > 2);
    } finally {
      await s.close();
    }
    assertNoLeak({ headers: s.res.headers, text: s.raw() }, [...w.secrets, "STREAM_NOTE_SECRET", "BOB_ONLY", "GLOBEX_ONLY"]);
    for (const e of s.events) onlyPublicKeys(e.data);
  });

  test("an author's operator reference and the agent's id never reach the widget", async () => {
    const w = await richWorld();
    const r = await w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${w.convA}` }));
    const operator = r.json.messages.find((m: any) => m.id === w.reply.id);
    expect(operator.author).toEqual({ kind: "operator", name: "Grace" });
    expect(r.text).not.toContain(w.agent.agentId!);
  });
});

describe("agents leak nothing to the widget (CONTRACT §7)", () => {
  test("model, provider host, key, instructions, internal passages and token counts stay on the server", async () => {
    const p = await startProvider({ reply: "Annual plans are refunded in full within 30 days of the purchase, as the billing page says.", chunk: 7, delayMs: 5 });
    try {
      const w = await makeAgentApp({ ai: { url: p.url, model: "MODEL_AGENT_SECRET_5", key: "sk-LEAK-CHECK-KEY-77" } });
      const internalText = "INTERNAL_PASSAGE_MARKER: refunds of annual plans beyond the 30 days need the finance lead's approval.";
      await w.t.admin({ path: w.sourcesPath, body: { title: "REFUND_EXCEPTIONS_HANDBOOK", text: `# Refund exceptions\n\n${internalText}` } });
      const s = await openStream(w.t, w.v);
      const answers = [await w.t.session({ key: w.key, token: w.v.token })];
      const sent = await send(w.t, w.v, "Can I get a refund for my annual plan?");
      answers.push(sent);
      const id = sent.json.conversation.id;
      await w.t.ctx.agents.idle();
      await s.until(() => s.of("message").some((e) => e.data.message.author.kind === "agent"), 3000);
      p.mode = "fail";
      answers.push(await send(w.t, w.v, { conversationId: id, body: "And are annual plan refunds paid by card?" }));
      await w.t.ctx.agents.idle();
      answers.push(await w.t.call({ path: "/api/widget/messages/handoff", key: w.key, token: w.v.token, body: { conversationId: id } }));
      answers.push(await w.t.call({ path: `/api/widget/messages?conversation=${id}`, key: w.key, token: w.v.token }));
      answers.push(await w.t.session({ key: w.key, token: w.v.token }));
      answers.push(await w.t.call({ path: "/api/widget/messages/read", key: w.key, token: w.v.token, body: { conversationId: id } }));
      answers.push(await w.t.call({ path: "/api/widget/events", key: w.key, token: w.v.token, body: { events: [{ type: "widget_open", conversationId: id }] } }));
      answers.push(await w.t.call({ path: "/api/widget/presence", key: w.key, token: w.v.token, body: { state: "active" } }));
      answers.push(await w.t.call({ path: "/api/widget/messages/handoff", key: w.key, token: w.v.token, body: { conversationId: "conv_nope" } }));
      await s.until(() => s.of("message").some((e) => e.data.message.author.kind === "system"), 3000);
      await s.close();
      const trace = (await w.t.admin({ path: `/api/admin/conversations/${id}` })).json.conversation.messages.find((m: any) => m.trace?.passages.length > 1)?.trace;
      // note: the operator's trace does hold each secret, so the scan below is looking for something real.
      expect(JSON.stringify(trace)).toContain("INTERNAL_PASSAGE_MARKER");
      const secrets = ["MODEL_AGENT_SECRET_5", new URL(p.url).host, "sk-LEAK-CHECK-KEY-77", INSTRUCTIONS, "SECRET_INSTRUCTION_MARKER", "INTERNAL_PASSAGE_MARKER", "REFUND_EXCEPTIONS_HANDBOOK", String(USAGE.prompt), String(USAGE.completion), String(USAGE.total), "provider_failed", "HTTP 500", "latencyMs", "trace"];
      for (const r of answers) {
        assertNoLeak(r, secrets);
        onlyPublicKeys(r.json);
      }
      assertNoLeak({ headers: s.res.headers, text: s.raw() }, secrets);
      for (const e of s.events) onlyPublicKeys(e.data);
      expect(s.of("message_delta").length).toBeGreaterThan(0);
      const answer = s.of("message").find((e) => e.data.message.author.kind === "agent")!.data.message;
      expect(answer.sources).toEqual([{ title: "billing", url: "https://docs.acme.example/billing" }]);
    } finally {
      p.stop();
    }
  });
});
