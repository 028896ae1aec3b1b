// CONTRACT §4b: every widget write route has a per-visitor and a per-address limit (429 with
// Retry-After, others unaffected); events count one by one; every limit is configurable.
import { describe, expect, test } from "bun:test";
import { loadConfig, ROUTE_LIMITS } from "../../src/config";
import { FixedWindows } from "../../src/lib/windows";
import type { Call } from "../helpers/app";
import { as, conversationOf, count, expectError, makeWorld, setSettings, visitor, withAddresses, type Visitor, type World } from "../helpers/builders";

const LIMIT = 3;
const small = { config: { limits: { visitorsPerMinute: 1000, conversationsPerHour: 1000, messagesPerMinute: LIMIT, session: LIMIT, read: LIMIT, events: LIMIT, presence: LIMIT, csat: LIMIT } } };

/** one call per limited route, as visitor v of world w */
const ROUTES: { route: string; call: (w: World, v: Visitor, conversation: string) => Call }[] = [
  { route: "session", call: (_w, v) => as(v, { path: "/api/widget/session", body: {} }) },
  { route: "messages", call: (_w, v, c) => as(v, { path: "/api/widget/messages", body: { conversationId: c, body: "again" } }) },
  { route: "read", call: (_w, v, c) => as(v, { path: "/api/widget/messages/read", body: { conversationId: c } }) },
  { route: "events", call: (_w, v) => as(v, { path: "/api/widget/events", body: { events: [{ type: "widget_open" }] } }) },
  { route: "presence", call: (_w, v) => as(v, { path: "/api/widget/presence", body: { state: "active" } }) },
  { route: "csat", call: (_w, v, c) => as(v, { path: "/api/widget/csat", body: { conversationId: c, kind: "csat", score: 5 } }) },
];

describe("per visitor: the next call past the limit is 429 with Retry-After; another visitor is served", () => {
  for (const { route, call } of ROUTES) {
    test(route, async () => {
      const w = await makeWorld(small);
      await setSettings(w.t, { survey: "csat" });
      const b = await visitor(w.t);
      const convB = await conversationOf(w.t, b);
      // note: conversationOf used one of b's messages; a's world conversation was made before the limit mattered.
      const used = route === "messages" ? 1 : 0;
      const a = await visitor(w.t);
      const convA = await conversationOf(w.t, a);
      for (let i = used; i < LIMIT; i++) expect((await w.t.call(call(w, a, convA))).status).toBeLessThan(300);
      const limited = await w.t.call(call(w, a, convA));
      expectError(limited, 429, "rate_limited");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect((await w.t.call(call(w, b, convB))).status).toBeLessThan(300);
      w.t.clock.advance(60_000);
      expect((await w.t.call(call(w, a, convA))).status).toBeLessThan(300);
    });
  }
});

test("events are counted one by one, not per batch", async () => {
  const w = await makeWorld({ config: { limits: { events: 10 } } });
  const batch = (n: number) => as(w.a, { path: "/api/widget/events", body: { events: Array.from({ length: n }, () => ({ type: "launcher_view" })) } });
  expect((await w.t.call(batch(6))).status).toBe(202);
  const before = count(w.t, "event");
  expectError(await w.t.call(batch(6)), 429, "rate_limited");
  expect(count(w.t, "event")).toBe(before);
  expect((await w.t.call(batch(4))).status).toBe(202);
});

test("per address: 20 times a visitor's limit, then 429 for new visitors there, while another address is served", async () => {
  const w = await makeWorld({ config: { limits: { presence: 1, visitorsPerMinute: 1000 } } });
  withAddresses(w.t);
  const here = { "x-test-address": "198.51.100.7" };
  const beat = (v: Visitor, headers: Record<string, string>) => w.t.call(as(v, { path: "/api/widget/presence", body: { state: "active" }, headers }));
  const crowd: Visitor[] = [];
  for (let i = 0; i < 21; i++) crowd.push(await visitor(w.t, { headers: here }));
  for (const v of crowd.slice(0, 20)) expect((await beat(v, here)).status).toBe(200);
  expectError(await beat(crowd[20]!, here), 429, "rate_limited");
  expect((await beat(w.a, { "x-test-address": "198.51.100.8" })).status).toBe(200);
});

test("every limit is set by --limit-<route> or WOES_LIMIT_<ROUTE>; the v1 flags keep working", () => {
  const c = loadConfig({ "limit-events": "7", "limit-messages": "9", "limit-visitors": "11", "limit-handoff": "2" }, { WOES_LIMIT_CSAT: "3", WOES_LIMIT_TYPING: "5", WOES_LIMIT_CONVERSATIONS: "4" });
  expect(c.limits).toEqual({ ...ROUTE_LIMITS, visitorsPerMinute: 11, conversationsPerHour: 4, messagesPerMinute: 9, events: 7, csat: 3, handoff: 2, typing: 5 });
  expect(loadConfig({}, {}).limits).toEqual({ visitorsPerMinute: 60, conversationsPerHour: 20, messagesPerMinute: 60, session: 120, read: 240, events: 120, presence: 120, csat: 30, handoff: 10, typing: 120, attachments: 20 });
  expect(() => loadConfig({ "limit-read": "0" }, {})).toThrow(/limits\.read/);
  expect(loadConfig({}, {}).streams).toEqual({ perVisitor: 10, perAddress: 100 });
  expect(loadConfig({ "limit-streams": "3" }, { WOES_LIMIT_STREAMS_PER_ADDRESS: "7" }).streams).toEqual({ perVisitor: 3, perAddress: 7 });
});

test("the bucket map stays bounded while an attacker cycles addresses", () => {
  const windows = new FixedWindows(() => 0, 1_000);
  for (let i = 0; i < 50_000; i++) windows.add(`address:${i}`, { max: 5, windowMs: 60_000 });
  expect(windows.size).toBeLessThanOrEqual(1_000);
  // the newest buckets are still counted
  expect(windows.add("address:49999", { max: 5, windowMs: 60_000 })).toBe(2);
});

test("an IPv6 client cycling addresses inside its /64 is counted as one address", async () => {
  const w = await makeWorld({ config: { limits: { visitorsPerMinute: 3 } } });
  withAddresses(w.t);
  const from = (address: string) => w.t.call({ path: "/api/widget/session", key: w.t.ws.publicKey, body: {}, headers: { "x-test-address": address } });
  for (let i = 1; i <= 3; i++) expect((await from(`2001:db8:1:2::${i}`)).status).toBe(200);
  expectError(await from("2001:db8:1:2:ffff:ffff:ffff:fffe"), 429, "rate_limited");
  expect((await from("2001:db8:1:3::1")).status).toBe(200);
});
