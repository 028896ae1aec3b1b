// GET /api/widget/messages/stream: server-sent events for one visitor, public parts only.
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { conversations } from "../../../db/schema";
import { IDLE_TIMEOUT_S } from "../../../src/platform/bun/serve";
import { topics } from "../../../src/realtime/hub";
import { publishConversation } from "../../../src/realtime/publish";
import { makeApp } from "../../helpers/app";
import { assertNoLeak, conversationOf, expectError, haystack, hmac, makeWorld, openStream, plant, send, setSettings, visitor } from "../../helpers/builders";
import { sleep } from "../../runtime/neutral";

describe("GET /api/widget/messages/stream", () => {
  test("opens as text/event-stream with a ready event and the unread count", async () => {
    const w = await makeWorld();
    const s = await openStream(w.t, w.a);
    try {
      expect(s.res.status).toBe(200);
      expect(s.res.headers.get("content-type")).toContain("text/event-stream");
      expect(s.res.headers.get("cache-control")).toBe("no-store");
      await s.until(() => s.of("unread").length > 0);
      expect(s.of("ready")).toHaveLength(1);
      expect(s.of("unread")[0]!.data).toEqual({ unreadCount: 2 });
    } finally {
      await s.close();
    }
  });

  test("a customer message into a closed conversation reopens it, and the stream says so", async () => {
    const w = await makeWorld();
    await w.t.store.write((tx) => tx.update(conversations).set({ status: "closed" }).where(eq(conversations.id, w.convA)).run());
    w.t.ctx.conversations.forgetRefs([w.convA]);
    const s = await openStream(w.t, w.a);
    try {
      await s.until(() => s.of("unread").length > 0);
      const r = await w.t.call({ path: "/api/widget/messages", key: w.a.key, token: w.a.token, body: { conversationId: w.convA, body: "Back again" } });
      expect(r.json.conversation.status).toBe("open");
      await s.until(() => s.of("conversation").length > 0);
      expect(s.of("conversation")[0]!.data.conversation).toMatchObject({ id: w.convA, status: "open" });
    } finally {
      await s.close();
    }
  });

  test("an operator reply arrives as a `message` event with the public message, then the new unread count", async () => {
    const w = await makeWorld();
    const s = await openStream(w.t, w.a);
    try {
      await s.until(() => s.of("unread").length > 0);
      const row = await plant(w.t, w.convA, { body: "Live reply", operatorRef: w.opRef, name: "Grace" });
      await s.until(() => s.of("message").length > 0 && s.of("unread").length > 1);
      const { message, conversation } = s.of("message")[0]!.data;
      expect(message).toEqual({ id: row.id, conversationId: w.convA, author: { kind: "operator", name: "Grace" }, body: "Live reply", createdAt: new Date(row.createdAt).toISOString() });
      expect(conversation).toMatchObject({ id: w.convA, status: "open", kind: "chat", unreadCount: 3 });
      expect(conversation.lastMessage).toEqual(message);
      expect(s.of("unread").at(-1)!.data).toEqual({ unreadCount: 3 });
    } finally {
      await s.close();
    }
    assertNoLeak({ headers: s.res.headers, text: s.raw() }, w.secrets);
  });

  test("internal notes, internals and other visitors' or workspaces' messages never arrive", async () => {
    const w = await makeWorld();
    const s = await openStream(w.t, w.a);
    try {
      await s.until(() => s.of("unread").length > 0);
      await plant(w.t, w.convA, { body: "STREAM_INTERNAL_NOTE", internal: true, operatorRef: w.opRef });
      await plant(w.t, w.convB, { body: "STREAM_REPLY_FOR_BOB" });
      await plant(w.t, w.convC, { body: "STREAM_REPLY_FOR_GLOBEX" });
      await send(w.t, w.b, "STREAM_BOB_WRITES_AGAIN");
      await plant(w.t, w.convA, { body: "Marker reply", kind: "agent", internals: { provider: "PROVIDER_OPENROUTER_X", model: "MODEL_GPT_SECRET_9" } });
      await s.until(() => s.of("message").length > 0);
      expect(s.of("message").map((e) => e.data.message.body)).toEqual(["Marker reply"]);
    } finally {
      await s.close();
    }
    const text = s.raw();
    for (const hidden of ["STREAM_INTERNAL_NOTE", "STREAM_REPLY_FOR_BOB", "STREAM_REPLY_FOR_GLOBEX", "STREAM_BOB_WRITES_AGAIN"]) expect(text).not.toContain(hidden);
    assertNoLeak({ headers: s.res.headers, text }, w.secrets);
  });

  test("the visitor's own message (from another tab) arrives too, and marks the replies before it read", async () => {
    const w = await makeWorld();
    const s = await openStream(w.t, w.a);
    try {
      await s.until(() => s.of("unread").length > 0);
      await send(w.t, w.a, { conversationId: w.convA, body: "From my other tab", clientId: "tab-2" });
      await s.until(() => s.of("message").length > 0);
      expect(s.of("message")[0]!.data.message).toMatchObject({ author: { kind: "customer" }, body: "From my other tab", clientId: "tab-2" });
      await s.until(() => s.of("unread").length > 1);
      expect(s.of("unread").map((e) => e.data.unreadCount)).toEqual([2, 0]);
    } finally {
      await s.close();
    }
  });

  test("a status change arrives as a `conversation` event, for the visitor who sees it only", async () => {
    const w = await makeWorld();
    const [sa, sb] = [await openStream(w.t, w.a), await openStream(w.t, w.b)];
    try {
      await sa.until(() => sa.of("ready").length > 0);
      // note: the survey setting changes after the streams opened; the close event carries the current one.
      await setSettings(w.t, { survey: "nps" });
      const row = (await w.t.store.db.select().from(conversations).where(eq(conversations.id, w.convA)).get())!;
      publishConversation(w.t.ctx, { ...row, status: "closed" });
      await sa.until(() => sa.of("conversation").length > 0);
      expect(sa.of("conversation")[0]!.data.conversation).toMatchObject({ id: w.convA, status: "closed", kind: "chat" });
      expect(sa.of("conversation")[0]!.data.survey).toBe("nps");
      publishConversation(w.t.ctx, { ...row, status: "open" });
      await sa.until(() => sa.of("conversation").length > 1);
      expect(sa.of("conversation")[1]!.data).not.toHaveProperty("survey");
      await sleep(20);
      expect(sb.of("conversation")).toEqual([]);
    } finally {
      await sa.close();
      await sb.close();
    }
  });

  test("heartbeat comments keep the stream alive", async () => {
    const t = await makeApp({ heartbeatMs: 200 });
    const v = await visitor(t);
    const s = await openStream(t, v);
    try {
      await s.until(() => s.comments.length >= 2, 1500);
      expect(s.comments[0]).toBe("ping");
    } finally {
      await s.close();
    }
  });

  test("closing the stream unsubscribes it", async () => {
    const w = await makeWorld();
    const s = await openStream(w.t, w.a);
    await s.until(() => s.of("ready").length > 0);
    const topic = topics.visitor(w.a.id);
    expect(w.t.ctx.hub.listeners(topic)).toBe(1);
    await s.close();
    await sleep(10);
    expect(w.t.ctx.hub.listeners(topic)).toBe(0);
  });

  test("a reply wakes only its visitor's listeners, however many other widgets of the workspace are open", async () => {
    const w = await makeWorld();
    const others = await Promise.all(Array.from({ length: 30 }, () => visitor(w.t)));
    const streams = [await openStream(w.t, w.a), ...(await Promise.all(others.map((v) => openStream(w.t, v))))];
    try {
      await Promise.all(streams.map((s) => s.until(() => s.of("unread").length > 0)));
      const calls = new Map<string, number>();
      const publish = w.t.ctx.hub.publish.bind(w.t.ctx.hub);
      w.t.ctx.hub.publish = (topic, event) => {
        calls.set(topic, (calls.get(topic) ?? 0) + w.t.ctx.hub.listeners(topic));
        publish(topic, event);
      };
      await plant(w.t, w.convA, { body: "Only for Ada", operatorRef: w.opRef });
      await streams[0]!.until(() => streams[0]!.of("message").length > 0);
      const woken = [...calls.entries()].filter(([topic]) => !topic.startsWith("admin:"));
      expect(woken).toEqual([[topics.visitor(w.a.id), 1]]);
      for (const s of streams.slice(1)) expect(s.of("message")).toEqual([]);
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  });

  test("a visitor's streams share one feed: each change is counted once, and every stream hears it", async () => {
    const w = await makeWorld();
    const streams = await Promise.all(Array.from({ length: 5 }, () => openStream(w.t, w.a)));
    try {
      await Promise.all(streams.map((s) => s.until(() => s.of("unread").length > 0)));
      expect(w.t.ctx.hub.listeners(topics.visitor(w.a.id))).toBe(1);
      let counted = 0;
      const total = w.t.ctx.conversations.unreadTotal.bind(w.t.ctx.conversations);
      w.t.ctx.conversations.unreadTotal = (v) => (counted++, total(v));
      await plant(w.t, w.convA, { body: "Reply to five tabs", operatorRef: w.opRef });
      await Promise.all(streams.map((s) => s.until(() => s.of("unread").length > 1)));
      expect(counted).toBe(1);
      for (const s of streams) expect(s.of("unread").at(-1)!.data).toEqual({ unreadCount: 3 });
      await streams[0]!.close();
      expect(w.t.ctx.hub.listeners(topics.visitor(w.a.id))).toBe(1);
    } finally {
      await Promise.all(streams.slice(1).map((s) => s.close()));
    }
    await sleep(10);
    expect(w.t.ctx.hub.listeners(topics.visitor(w.a.id))).toBe(0);
  });

  test("a verified contact's second device hears replies to the conversation started on the first", async () => {
    const t = await makeApp();
    const email = "ada@example.com";
    const identity = { email, email_hash: await hmac(t.ws.identitySecret, email) };
    const laptop = await visitor(t, { identity });
    const conv = await conversationOf(t, laptop);
    const phone = await visitor(t, { identity });
    expect(phone.id).not.toBe(laptop.id);
    const s = await openStream(t, phone);
    try {
      await s.until(() => s.of("ready").length > 0);
      await plant(t, conv, { body: "Reply for both devices" });
      await s.until(() => s.of("message").length > 0);
      expect(s.of("message")[0]!.data.message.body).toBe("Reply for both devices");
    } finally {
      await s.close();
    }
  });

  test("a verified contact's own device hears a reply once, not once per topic", async () => {
    const t = await makeApp();
    const email = "ada@example.com";
    const laptop = await visitor(t, { identity: { email, email_hash: await hmac(t.ws.identitySecret, email) } });
    const conv = await conversationOf(t, laptop);
    const s = await openStream(t, laptop);
    try {
      await s.until(() => s.of("unread").length > 0);
      await plant(t, conv, { body: "Heard once" });
      await plant(t, conv, { body: "Marker" });
      await s.until(() => s.of("message").length > 1);
      expect(s.of("message").map((e) => e.data.message.body)).toEqual(["Heard once", "Marker"]);
    } finally {
      await s.close();
    }
  });

  test("the stream echoes an Origin for CORS", async () => {
    const w = await makeWorld();
    const s = await openStream(w.t, w.a, { origin: "https://shop.example" });
    expect(s.res.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    await s.close();
  });

  const refused = [
    { name: "no token", headers: (w: any) => ({ "x-woes-key": w.t.ws.publicKey }), code: "visitor_unauthorized" },
    { name: "a key of another workspace", headers: (w: any) => ({ "x-woes-key": w.other.publicKey, authorization: `Bearer ${w.a.token}` }), code: "visitor_unauthorized" },
    { name: "no key", headers: (w: any) => ({ authorization: `Bearer ${w.a.token}` }), code: "key_required" },
  ];
  for (const row of refused) {
    test(`refused with ${row.name}: 401 JSON, no stream`, async () => {
      const w = await makeWorld();
      const res = await w.t.app.handle(new Request("http://localhost/api/widget/messages/stream", { headers: row.headers(w) }));
      const r = { status: res.status, headers: res.headers, text: await res.text() };
      expectError(r, 401, row.code);
      expect(haystack(r)).not.toContain("text/event-stream");
      assertNoLeak(r, w.secrets);
    });
  }
});

test("the default heartbeat is well under the server's idle timeout, so idle streams are never cut", async () => {
  const t = await makeApp();
  expect(t.ctx.heartbeatMs * 4).toBeLessThanOrEqual(IDLE_TIMEOUT_S * 1000);
});
