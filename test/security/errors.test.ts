// Errors of CONTRACT §4: body limit, content types, bad JSON, abuse limits with Retry-After, server faults.
import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import * as v from "valibot";
import { errors } from "../../src/plugins/errors";
import { makeApp } from "../helpers/app";
import { BUG_FORM, as, assertNoLeak, conversationOf, count, expectError, makeWorld, send, setSettings, visitor, withAddresses } from "../helpers/builders";

const LIMIT = 64 * 1024;
const POSTS = ["/api/widget/session", "/api/widget/messages", "/api/widget/messages/read", "/api/widget/events", "/api/widget/presence", "/api/widget/csat"];
/** a JSON body of exactly n bytes */
const bodyOf = (n: number) => JSON.stringify({ body: "x".repeat(n - 11) });
const chunked = (text: string, size = 8192) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
      c.close();
    },
  });

describe("body limit: 64 KiB on widget routes", () => {
  for (const path of POSTS) {
    test(`${path}: 64 KiB + 1 with Content-Length is 413 body_too_large`, async () => {
      const w = await makeWorld();
      const r = await w.t.call(as(w.a, { path, raw: bodyOf(LIMIT + 1) }));
      expectError(r, 413, "body_too_large");
      assertNoLeak(r, w.secrets);
    });
    test(`${path}: a chunked body over 64 KiB is 413 body_too_large`, async () => {
      const w = await makeWorld();
      const req = new Request(`http://localhost${path}`, { method: "POST", body: chunked(bodyOf(LIMIT + 4096)), headers: { "content-type": "application/json", "x-woes-key": w.a.key, authorization: `Bearer ${w.a.token}` }, duplex: "half" } as RequestInit);
      expect(req.headers.get("content-length")).toBeNull();
      const res = await w.t.app.handle(req);
      expectError({ status: res.status, text: await res.text() }, 413, "body_too_large");
    });
  }

  test("exactly 64 KiB is read (and judged on its content)", async () => {
    const w = await makeWorld();
    const r = await w.t.call(as(w.a, { path: "/api/widget/messages", raw: bodyOf(LIMIT) }));
    expectError(r, 422, "invalid_field", "body");
  });

  test("a chunked body under the limit is accepted", async () => {
    const w = await makeWorld();
    const res = await w.t.app.handle(
      new Request("http://localhost/api/widget/messages", { method: "POST", body: chunked(JSON.stringify({ body: "chunked hello" }), 4), headers: { "content-type": "application/json", "x-woes-key": w.a.key, authorization: `Bearer ${w.a.token}` }, duplex: "half" } as RequestInit),
    );
    expect(res.status).toBe(201);
  });

  test("nothing is stored from a body that was too large", async () => {
    const w = await makeWorld();
    const before = await count(w.t, "message");
    await w.t.call(as(w.a, { path: "/api/widget/messages", raw: bodyOf(LIMIT + 100) }));
    expect(await count(w.t, "message")).toBe(before);
  });
});

describe("content types and JSON", () => {
  const TYPES: { type: string; path: string; status: number; code: string }[] = [
    { type: "application/x-www-form-urlencoded", path: "/api/widget/messages", status: 415, code: "unsupported_media_type" },
    { type: "multipart/form-data; boundary=x", path: "/api/widget/session", status: 415, code: "unsupported_media_type" },
    { type: "text/html", path: "/api/widget/csat", status: 415, code: "unsupported_media_type" },
    { type: "application/xml", path: "/api/widget/messages/read", status: 415, code: "unsupported_media_type" },
    { type: "text/plain", path: "/api/widget/messages", status: 415, code: "unsupported_media_type" },
    { type: "text/plain", path: "/api/widget/session", status: 415, code: "unsupported_media_type" },
  ];
  for (const row of TYPES) {
    test(`${row.type} on ${row.path}: ${row.status} ${row.code}`, async () => {
      const w = await makeWorld();
      const r = await w.t.call(as(w.a, { path: row.path, raw: "a=1", headers: { "content-type": row.type } }));
      expectError(r, row.status, row.code);
    });
  }

  const BAD_JSON = ["{", '{"body": "x",}', "{'body': 'x'}", "undefined", '{"body": "\\x"}', "\u0000"];
  for (const raw of BAD_JSON) {
    test(`bad JSON ${JSON.stringify(raw)}: 400 invalid_json`, async () => {
      const w = await makeWorld();
      for (const path of POSTS) {
        const r = await w.t.call(as(w.a, { path, raw }));
        expectError(r, 400, "invalid_json");
        assertNoLeak(r, w.secrets);
      }
    });
  }

  const ECHO = `Zq${"EchoedInputMarker".repeat(4)}`;
  const ECHOES: { name: string; path: string; body: (w: any) => unknown; field: string }[] = [
    { name: "a long key in fields", path: "/api/widget/messages", body: () => ({ body: "x", fields: { [ECHO]: 1 } }), field: "fields.*" },
    { name: "a field value of the wrong type under a long key", path: "/api/widget/messages", body: () => ({ body: "x", fields: { [ECHO.slice(0, 60)]: { nested: true } } }), field: "fields.*" },
    { name: "a long key in event props", path: "/api/widget/events", body: () => ({ events: [{ type: "widget_open", props: { [ECHO]: 1 } }] }), field: "events.0.props.*" },
    { name: "an unknown ticket field with a long name", path: "/api/widget/messages", body: () => ({ body: "x", ticket: { form: "bug_report", fields: { [ECHO.slice(0, 40)]: "x" } } }), field: "ticket.fields" },
  ];
  for (const row of ECHOES) {
    test(`${row.name}: 422 naming ${row.field}, the key not echoed`, async () => {
      const w = await makeWorld();
      await setSettings(w.t, { ticketForms: [BUG_FORM] });
      const r = await w.t.call(as(w.a, { path: row.path, body: row.body(w) }));
      expectError(r, 422, undefined, row.field);
      expect(r.text).not.toContain(ECHO.slice(0, 40));
    });
  }

  test("application/json; charset=utf-8 is JSON", async () => {
    const w = await makeWorld();
    const r = await w.t.call(as(w.a, { path: "/api/widget/messages", raw: JSON.stringify({ body: "hé" }), headers: { "content-type": "application/json; charset=utf-8" } }));
    expect(r.status).toBe(201);
  });

  test("an unknown widget route: 404 not_found in the error shape", async () => {
    const w = await makeWorld();
    expectError(await w.t.call(as(w.a, { path: "/api/widget/nope" })), 404, "not_found");
  });
});

describe("abuse limits: 429 with Retry-After, others unaffected", () => {
  const limits = { config: { limits: { visitorsPerMinute: 3, conversationsPerHour: 2, messagesPerMinute: 5 } } };

  test("new visitors per key and address", async () => {
    const t = await makeApp(limits);
    withAddresses(t);
    const from = (address: string) => t.call({ path: "/api/widget/session", key: t.ws.publicKey, body: {}, headers: { "x-test-address": address } });
    for (let i = 0; i < 3; i++) expect((await from("198.51.100.7")).status).toBe(200);
    const limited = await from("198.51.100.7");
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect((await from("198.51.100.8")).status).toBe(200);
    expect(await count(t, "visitor")).toBe(4);
    t.clock.advance(60_000);
    expect((await from("198.51.100.7")).status).toBe(200);
  });

  test("a returning visitor is never counted as new", async () => {
    const t = await makeApp(limits);
    const v = await visitor(t);
    for (let i = 0; i < 10; i++) expect((await t.session({ token: v.token })).status).toBe(200);
  });

  test("new conversations per key and address", async () => {
    const t = await makeApp(limits);
    withAddresses(t);
    const a = await visitor(t, { headers: { "x-test-address": "198.51.100.7" } });
    const b = await visitor(t, { headers: { "x-test-address": "198.51.100.8" } });
    const here = { "x-test-address": "198.51.100.7" };
    expect((await send(t, a, "one", here)).status).toBe(201);
    const conv = (await send(t, a, "two", here)).json.conversation.id;
    const limited = await send(t, a, "three", here);
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(60);
    expect((await send(t, a, { conversationId: conv, body: "continuing is fine" }, here)).status).toBe(201);
    expect((await send(t, b, "b is elsewhere", { "x-test-address": "198.51.100.8" })).status).toBe(201);
    expect(await count(t, "conversation")).toBe(3);
  });

  test("messages per visitor", async () => {
    const t = await makeApp(limits);
    const a = await visitor(t);
    const b = await visitor(t);
    const conv = await conversationOf(t, a, "first");
    for (let i = 0; i < 4; i++) expect((await send(t, a, { conversationId: conv, body: `m${i}` })).status).toBe(201);
    const limited = await send(t, a, { conversationId: conv, body: "too many" });
    expectError(limited, 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await count(t, "message", "body = 'too many'")).toBe(0);
    expect((await send(t, b, "b is unaffected")).status).toBe(201);
    t.clock.advance(60_000);
    expect((await send(t, a, { conversationId: conv, body: "after a minute" })).status).toBe(201);
  });

  test("a clientId retry of a stored message is answered even when limited", async () => {
    const t = await makeApp(limits);
    const a = await visitor(t);
    const first = await send(t, a, { body: "hello", clientId: "c1" });
    for (let i = 0; i < 4; i++) await send(t, a, { conversationId: first.json.conversation.id, body: `m${i}` });
    const retry = await send(t, a, { body: "hello", clientId: "c1" });
    expect(retry.status).toBe(201);
    expect(retry.json.message.id).toBe(first.json.message.id);
  });
});

describe("server faults", () => {
  test("an answer that fails its own schema is a logged 500 in the error shape, never blamed on the caller", async () => {
    const logs: string[] = [];
    const app = new Elysia().use(errors((m) => logs.push(m))).get("/broken", () => ({ a: 1 }) as any, { response: { 200: v.object({ a: v.string() }) } });
    const res = await app.handle(new Request("http://localhost/broken"));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal_error", message: "Something went wrong on the server." } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain("woes: unexpected error");
  });
});
