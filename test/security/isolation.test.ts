// Isolation: visitors never reach each other's conversations, keys never reach another workspace,
// origin allow-lists and revocation hold on every widget route.
import { describe, expect, test } from "bun:test";
import type { Call } from "../helpers/app";
import { addKey, assertNoLeak, count, expectError, makeWorld, revokeKey, setSettings, type World } from "../helpers/builders";

/** Every visitor route, with a body naming conversation `id`. */
const ROUTES: { name: string; call: (w: World, id: string) => Call }[] = [
  { name: "history", call: (_w, id) => ({ path: `/api/widget/messages?conversation=${id}` }) },
  { name: "long poll", call: (_w, id) => ({ path: `/api/widget/messages?conversation=${id}&wait=1` }) },
  { name: "send", call: (_w, id) => ({ path: "/api/widget/messages", body: { conversationId: id, body: "INTRUDER_MESSAGE" } }) },
  { name: "mark read", call: (_w, id) => ({ path: "/api/widget/messages/read", body: { conversationId: id } }) },
  { name: "rate", call: (_w, id) => ({ path: "/api/widget/csat", body: { conversationId: id, kind: "csat", score: 1 } }) },
  { name: "event", call: (_w, id) => ({ path: "/api/widget/events", body: { events: [{ type: "survey_view", conversationId: id }] } }) },
];

const writes = async (w: World) => [await count(w.t, "message"), await count(w.t, "read_mark"), await count(w.t, "survey_response"), await count(w.t, "event")];

describe("a visitor cannot touch another visitor's conversation", () => {
  for (const route of ROUTES) {
    for (const target of ["convB", "convC"] as const) {
      test(`${route.name} on ${target === "convB" ? "another visitor's" : "another workspace's"} conversation: 404, no content, no write`, async () => {
        const w = await makeWorld();
        await setSettings(w.t, { survey: "csat" });
        const before = await writes(w);
        const r = await w.t.call({ key: w.a.key, token: w.a.token, ...route.call(w, w[target]) });
        expectError(r, 404, "conversation_not_found");
        assertNoLeak(r, w.secrets);
        expect(await writes(w)).toEqual(before);
      });
    }
  }
});

describe("a key never reaches another workspace's data", () => {
  const VISITOR_ROUTES: { name: string; call: Call }[] = [
    { name: "history", call: { path: "/api/widget/messages?conversation=x" } },
    { name: "stream", call: { path: "/api/widget/messages/stream" } },
    { name: "send", call: { path: "/api/widget/messages", body: { body: "hi" } } },
    { name: "read", call: { path: "/api/widget/messages/read", body: { conversationId: "x" } } },
    { name: "events", call: { path: "/api/widget/events", body: { events: [{ type: "widget_open" }] } } },
    { name: "presence", call: { path: "/api/widget/presence", body: { state: "active" } } },
    { name: "csat", call: { path: "/api/widget/csat", body: { conversationId: "x", kind: "csat", score: 1 } } },
  ];
  for (const route of VISITOR_ROUTES) {
    test(`${route.name}: workspace A's visitor token with workspace B's key is 401`, async () => {
      const w = await makeWorld();
      const r = await w.t.call({ ...route.call, key: w.other.publicKey, token: w.a.token });
      expectError(r, 401, "visitor_unauthorized");
      assertNoLeak(r, w.secrets);
    });
    test(`${route.name}: B's visitor token with A's key is 401`, async () => {
      const w = await makeWorld();
      const r = await w.t.call({ ...route.call, key: w.t.ws.publicKey, token: w.c.token });
      expectError(r, 401, "visitor_unauthorized");
    });
  }

  test("workspace B's conversation id with B's key but A's visitor is still refused", async () => {
    const w = await makeWorld();
    const r = await w.t.call({ path: `/api/widget/messages?conversation=${w.convC}`, key: w.other.publicKey, token: w.a.token });
    expectError(r, 401);
    assertNoLeak(r, w.secrets);
  });
});

describe("origin allow-list", () => {
  const ALLOWED = "https://shop.example";
  const rows: { name: string; origin?: string; status: number; echo?: string | null }[] = [
    { name: "the allowed origin: served, origin echoed", origin: ALLOWED, status: 200, echo: ALLOWED },
    { name: "another origin: 403 origin_not_allowed", origin: "https://evil.example", status: 403 },
    { name: "a look-alike origin: 403", origin: "https://shop.example.evil.example", status: 403 },
    { name: "the allowed host over http: 403", origin: "http://shop.example", status: 403 },
    { name: "no Origin header: 403", status: 403 },
    { name: "Origin null (sandboxed frame): 403", origin: "null", status: 403 },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      const w = await makeWorld();
      const k = await addKey(w.t, { allowedOrigins: [ALLOWED] });
      const r = await w.t.call({ path: "/api/widget/session", key: k.key, body: {}, headers: row.origin ? { origin: row.origin } : {} });
      expect(r.status).toBe(row.status);
      if (row.status === 403) {
        expectError(r, 403, "origin_not_allowed");
        expect(r.headers.get("access-control-allow-origin")).toBeNull();
      }
      if (row.echo) {
        expect(r.headers.get("access-control-allow-origin")).toBe(row.echo);
        expect(r.headers.get("vary")).toContain("Origin");
      }
      expect(r.headers.get("access-control-allow-origin")).not.toBe("*");
      expect(r.headers.get("access-control-allow-credentials")).toBeNull();
      assertNoLeak(r, w.secrets);
    });
  }

  test("the allow-list holds on every visitor route, beacons included", async () => {
    const w = await makeWorld();
    const k = await addKey(w.t, { allowedOrigins: [ALLOWED] });
    const calls: Call[] = [
      { path: `/api/widget/messages?conversation=${w.convA}` },
      { path: "/api/widget/messages", body: { body: "x" } },
      { path: "/api/widget/messages/read", body: { conversationId: w.convA } },
      { path: "/api/widget/presence", body: { state: "active" } },
    ];
    // note: a beacon names its key and token in its text/plain body only (sendBeacon sets no headers).
    const beacons: Call[] = ["/api/widget/events", "/api/widget/presence"].map((path) => ({
      path,
      raw: JSON.stringify({ key: k.key, token: w.a.token, ...(path.endsWith("events") ? { events: [{ type: "widget_open" }] } : { state: "hidden" }) }),
      headers: { "content-type": "text/plain" },
    }));
    const signed = (c: Call): Call => (c.raw ? c : { key: k.key, token: w.a.token, ...c });
    for (const c of [...calls, ...beacons]) {
      const denied = await w.t.call({ ...signed(c), headers: { ...c.headers, origin: "https://evil.example" } });
      expectError(denied, 403, "origin_not_allowed");
      const allowed = await w.t.call({ ...signed(c), headers: { ...c.headers, origin: ALLOWED } });
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    }
  });

  test("a key without a list serves any origin and echoes it", async () => {
    const w = await makeWorld();
    const r = await w.t.call({ path: "/api/widget/session", key: w.t.ws.publicKey, body: {}, headers: { origin: "https://anywhere.example" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe("https://anywhere.example");
  });

  const PREFLIGHT = ["/api/widget/session", "/api/widget/messages", "/api/widget/messages/stream", "/api/widget/messages/read", "/api/widget/events", "/api/widget/presence", "/api/widget/csat"];
  for (const path of PREFLIGHT) {
    test(`OPTIONS ${path}: 204, origin echoed, the widget's headers allowed`, async () => {
      const w = await makeWorld();
      const r = await w.t.call({ method: "OPTIONS", path, headers: { origin: ALLOWED, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-woes-key, authorization" } });
      expect(r.status).toBe(204);
      expect(r.text).toBe("");
      expect(r.headers.get("access-control-allow-origin")).toBe(ALLOWED);
      const allowed = (r.headers.get("access-control-allow-headers") ?? "").split(",").map((h) => h.trim().toLowerCase());
      for (const h of ["content-type", "authorization", "x-woes-key"]) expect(allowed).toContain(h);
      expect(r.headers.get("access-control-allow-methods")).toContain("POST");
      expect(r.headers.get("access-control-allow-credentials")).toBeNull();
    });
  }
});

describe("revoked keys", () => {
  test("a revoked key refuses sessions and visitors already started with it", async () => {
    const w = await makeWorld();
    await revokeKey(w.t, w.t.ws.publicKey);
    const calls: Call[] = [
      { path: "/api/widget/session", body: {} },
      { path: `/api/widget/messages?conversation=${w.convA}` },
      { path: "/api/widget/messages", body: { conversationId: w.convA, body: "still here?" } },
      { path: "/api/widget/presence", body: { state: "active" } },
    ];
    for (const c of calls) {
      const r = await w.t.call({ key: w.a.key, token: w.a.token, ...c });
      expectError(r, 401, "key_revoked");
      assertNoLeak(r, w.secrets);
    }
    expect(await count(w.t, "message", "body = 'still here?'")).toBe(0);
  });

  test("revoking an agent key leaves the workspace key working", async () => {
    const w = await makeWorld();
    await revokeKey(w.t, w.agent.key);
    expectError(await w.t.session({ key: w.agent.key }), 401, "key_revoked");
    expect((await w.t.session()).status).toBe(200);
  });
});
