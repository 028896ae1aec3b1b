// GET /api/widget/messages: customer-safe history, cursor paging and the long poll.
import { describe, expect, test } from "bun:test";
import { START_CURSOR } from "../../../src/routes/widget/messages/history";
import { as, assertNoLeak, makeWorld, plant, scenarios, type World } from "../../helpers/builders";
import { sleep } from "../../runtime/neutral";

const history = (w: World, q: string) => as(w.a, { path: `/api/widget/messages?conversation=${w.convA}${q}` });
const MESSAGE_KEYS = ["author", "body", "conversationId", "createdAt", "id"];

describe("GET /api/widget/messages: history", () => {
  scenarios(makeWorld, [
    {
      name: "the visitor's own history: public messages oldest first, no internal note",
      request: (w) => history(w, ""),
      status: 200,
      expectedContent: ["Ada's question", "Operator answer for Ada", "Agent answer for Ada", '"hasMore":false', '"nextCursor":'],
      notExpectedContent: (w) => w.secrets,
      check: (r, w) => {
        expect(r.json.messages.map((m: any) => m.author.kind)).toEqual(["customer", "operator", "agent"]);
        expect(r.json.messages.map((m: any) => m.id).slice(1)).toEqual([w.reply.id, w.agentReply.id]);
        for (const m of r.json.messages) expect(Object.keys(m).sort()).toEqual(MESSAGE_KEYS);
        expect(Object.keys(r.json).sort()).toEqual(["hasMore", "messages", "nextCursor"]);
      },
    },
    {
      name: "limit=1 pages: one message, hasMore, a cursor",
      request: (w) => history(w, "&limit=1"),
      status: 200,
      expectedContent: ["Ada's question", '"hasMore":true'],
      notExpectedContent: ["Operator answer for Ada"],
      check: (r) => expect(r.json.messages).toHaveLength(1),
    },
    { name: "limit=0: 422 naming limit", request: (w) => history(w, "&limit=0"), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("limit") },
    { name: "limit=101: 422", request: (w) => history(w, "&limit=101"), status: 422, check: (r) => expect(r.json.error.field).toBe("limit") },
    { name: "limit=-1: 422", request: (w) => history(w, "&limit=-1"), status: 422 },
    { name: "limit=abc: 422", request: (w) => history(w, "&limit=abc"), status: 422 },
    { name: "a cursor this server never gave: 422 invalid_cursor", request: (w) => history(w, "&after=bm90LWEtY3Vyc29y"), status: 422, code: "invalid_cursor", check: (r) => expect(r.json.error.field).toBe("after") },
    { name: "a cursor that is not base64: 422 invalid_cursor", request: (w) => history(w, "&after=%25%25%25"), status: 422, code: "invalid_cursor" },
    { name: "wait=31: 422 naming wait", request: (w) => history(w, "&wait=31"), status: 422, check: (r) => expect(r.json.error.field).toBe("wait") },
    { name: "a cursor given twice: 422 naming after", request: (w) => history(w, "&after=0&after=0"), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("after") },
    { name: "an invalid query without a visitor token: 401, the caller is checked first", request: (w) => ({ path: `/api/widget/messages?conversation=${w.convA}&limit=0`, key: w.t.ws.publicKey }), status: 401, code: "visitor_unauthorized" },
    { name: "no conversation: 422 naming conversation", request: (w) => as(w.a, { path: "/api/widget/messages" }), status: 422, check: (r) => expect(r.json.error.field).toBe("conversation") },
    { name: "an unknown conversation: 404", request: (w) => as(w.a, { path: "/api/widget/messages?conversation=conv_nope" }), status: 404, code: "conversation_not_found" },
    {
      name: "another visitor's conversation: 404 and none of its content",
      request: (w) => as(w.a, { path: `/api/widget/messages?conversation=${w.convB}` }),
      status: 404,
      code: "conversation_not_found",
      notExpectedContent: ["BOB_PRIVATE_QUESTION"],
    },
    {
      name: "another workspace's conversation: 404",
      request: (w) => as(w.a, { path: `/api/widget/messages?conversation=${w.convC}` }),
      status: 404,
      notExpectedContent: ["GLOBEX_PRIVATE_QUESTION"],
    },
    { name: "no visitor token: 401", request: (w) => ({ key: w.t.ws.publicKey, path: `/api/widget/messages?conversation=${w.convA}` }), status: 401, code: "visitor_unauthorized" },
  ]);

  test("paging with nextCursor walks every message once, and the cursor survives an empty page", async () => {
    const w = await makeWorld();
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 10; i++) {
      const r = await w.t.call(history(w, `&limit=2${cursor ? `&after=${cursor}` : ""}`));
      expect(r.status).toBe(200);
      seen.push(...r.json.messages.map((m: any) => m.body));
      expect(typeof r.json.nextCursor).toBe("string");
      cursor = r.json.nextCursor;
      if (!r.json.hasMore) break;
    }
    expect(seen).toEqual(["Ada's question", "Operator answer for Ada", "Agent answer for Ada"]);
    const empty = await w.t.call(history(w, `&after=${cursor}`));
    expect(empty.json).toEqual({ messages: [], nextCursor: cursor, hasMore: false });
    await plant(w.t, w.convA, { body: "Later reply" });
    const later = await w.t.call(history(w, `&after=${cursor}`));
    expect(later.json.messages.map((m: any) => m.body)).toEqual(["Later reply"]);
  });

  test("a long conversation pages completely and in order, across the in-memory window and the database", async () => {
    const w = await makeWorld();
    await w.t.call(history(w, ""));
    const bodies = ["Ada's question", "Operator answer for Ada", "Agent answer for Ada"];
    for (let i = 0; i < 650; i++) {
      if (i % 50 === 0) await plant(w.t, w.convA, { body: `note ${i}`, internal: true });
      await plant(w.t, w.convA, { body: `reply ${i}`, kind: i % 2 ? "agent" : "operator" });
      bodies.push(`reply ${i}`);
    }
    const seen: string[] = [];
    let cursor = "";
    for (let page = 0; page < 20; page++) {
      const r = await w.t.call(history(w, `&limit=100${cursor ? `&after=${cursor}` : ""}`));
      seen.push(...r.json.messages.map((m: any) => m.body));
      cursor = r.json.nextCursor;
      if (!r.json.hasMore) break;
    }
    expect(seen).toEqual(bodies);
  });

  test("a cursor is only good in its own conversation and says nothing of the server's volume", async () => {
    const w = await makeWorld();
    const mine = await w.t.call(history(w, ""));
    const cursor = mine.json.nextCursor as string;
    expect(cursor).toBe(mine.json.messages.at(-1).id);
    const other = await w.t.call(as(w.a, { path: "/api/widget/messages", body: { body: "a second conversation" } }));
    const r = await w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${other.json.conversation.id}&after=${cursor}` }));
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("invalid_cursor");
  });

  test("a cursor from a far-away position never reaches across conversations", async () => {
    const w = await makeWorld();
    const r = await w.t.call(history(w, `&after=${START_CURSOR}`));
    expect(r.json.messages).toHaveLength(3);
    assertNoLeak(r, w.secrets);
  });
});

describe("GET /api/widget/messages?wait=S: long poll", () => {
  const tail = async (w: World) => (await w.t.call(history(w, ""))).json.nextCursor as string;

  test("answers as soon as a reply arrives, well before the wait ends", async () => {
    const w = await makeWorld();
    const cursor = await tail(w);
    const started = Date.now();
    const pending = w.t.call(history(w, `&after=${cursor}&wait=2`));
    setTimeout(() => void plant(w.t, w.convA, { body: "Reply during the wait" }), 150);
    const r = await pending;
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.status).toBe(200);
    expect(r.json.messages.map((m: any) => m.body)).toEqual(["Reply during the wait"]);
    expect(r.json.nextCursor).not.toBe(cursor);
    assertNoLeak(r, w.secrets);
  });

  test("nothing new: answers 200 with no messages after the wait, and the cursor to chain", async () => {
    const w = await makeWorld();
    const cursor = await tail(w);
    const started = Date.now();
    const r = await w.t.call(history(w, `&after=${cursor}&wait=1`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(r.json).toEqual({ messages: [], nextCursor: cursor, hasMore: false });
  });

  const silent: { name: string; act: (w: World) => unknown }[] = [
    { name: "an internal note", act: (w) => plant(w.t, w.convA, { body: "INTERNAL_NOTE_during_wait", internal: true }) },
    { name: "a reply in another visitor's conversation", act: (w) => plant(w.t, w.convB, { body: "Reply for Bob" }) },
    { name: "a reply in another workspace", act: (w) => plant(w.t, w.convC, { body: "Reply for Globex" }) },
  ];
  for (const row of silent) {
    test(`${row.name} during the wait does not answer it`, async () => {
      const w = await makeWorld();
      const cursor = await tail(w);
      const started = Date.now();
      const pending = w.t.call(history(w, `&after=${cursor}&wait=1`));
      setTimeout(() => void row.act(w), 100);
      const r = await pending;
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(r.json.messages).toEqual([]);
      assertNoLeak(r, [...w.secrets, "INTERNAL_NOTE_during_wait", "Reply for Bob", "Reply for Globex"]);
    });
  }

  test("a client that gives up mid-wait is answered and unsubscribed at once", async () => {
    const w = await makeWorld();
    const cursor = await tail(w);
    const ac = new AbortController();
    const topic = `visitor:${w.a.id}`;
    const req = new Request(`http://localhost/api/widget/messages?conversation=${w.convA}&after=${cursor}&wait=30`, { headers: { "x-woes-key": w.a.key, authorization: `Bearer ${w.a.token}` }, signal: ac.signal });
    const pending = w.t.app.handle(req);
    await sleep(50);
    expect(w.t.ctx.hub.listeners(topic)).toBe(1);
    const started = Date.now();
    ac.abort();
    await pending;
    expect(Date.now() - started).toBeLessThan(500);
    expect(w.t.ctx.hub.listeners(topic)).toBe(0);
  });

  test("with messages already after the cursor, answers at once", async () => {
    const w = await makeWorld();
    const started = Date.now();
    const r = await w.t.call(history(w, "&wait=5"));
    expect(Date.now() - started).toBeLessThan(500);
    expect(r.json.messages).toHaveLength(3);
  });
});
