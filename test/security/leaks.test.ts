// Public boundaries (CONTRACT §5): on every widget route, answers and headers carry none of the
// planted secrets, internals, other tenants' data or database details, and only allow-listed keys.
import { describe, expect, test } from "bun:test";
import { as, assertNoLeak, makeWorld, onlyPublicKeys, openStream, plant, scenarios, setSettings, type Scenario, type World } from "../helpers/builders";

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
