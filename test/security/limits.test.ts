// CONTRACT §4b: every widget write route has a per-visitor and a per-address limit (429 with
// Retry-After, others unaffected); events count one by one; every limit is configurable.
import { describe, expect, test } from "bun:test";
import { defaultConfig, loadConfig, ROUTE_LIMITS } from "../../src/config";
import type { HttpError } from "../../src/lib/http-error";
import { FixedWindows } from "../../src/lib/windows";
import { RateLimiter, REPEAT_FACTOR } from "../../src/plugins/rate-limit";
import { makeConsole } from "../console/fixture";
import type { Call } from "../helpers/app";
import { as, conversationOf, count, expectError, makeWorld, send, setSettings, visitor, withAddresses, type Visitor, type World } from "../helpers/builders";

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
  const before = await count(w.t, "event");
  expectError(await w.t.call(batch(6)), 429, "rate_limited");
  expect(await count(w.t, "event")).toBe(before);
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
  expect(() => loadConfig({ "limit-read": "0" }, {})).toThrow(/^invalid --limit-read: a whole number, 1 or more$/);
  expect(loadConfig({}, {}).streams).toEqual({ perVisitor: 10, perAddress: 100 });
  expect(loadConfig({ "limit-streams": "3" }, { WOES_LIMIT_STREAMS_PER_ADDRESS: "7" }).streams).toEqual({ perVisitor: 3, perAddress: 7 });
});

test("the bucket map stays bounded while an attacker cycles addresses: new buckets are refused, the counted ones kept", () => {
  const windows = new FixedWindows(() => 0, 1_000);
  for (let i = 0; i < 50_000; i++) windows.add(`address:${i}`, { max: 5, windowMs: 60_000 });
  expect(windows.size).toBe(1_000);
  // the first buckets are still counted; one past the capacity counts nothing
  expect(windows.add("address:0", { max: 5, windowMs: 60_000 })).toBe(2);
  expect(windows.add("address:49999", { max: 5, windowMs: 60_000 })).toBe(Infinity);
  expect(windows.count("address:49999")).toBe(0);
});

test("an IPv6 client cycling addresses inside its /64 is counted as one address", async () => {
  const w = await makeWorld({ config: { limits: { visitorsPerMinute: 3 } } });
  withAddresses(w.t);
  const from = (address: string) => w.t.call({ path: "/api/widget/session", key: w.t.ws.publicKey, body: {}, headers: { "x-test-address": address } });
  for (let i = 1; i <= 3; i++) expect((await from(`2001:db8:1:2::${i}`)).status).toBe(200);
  expectError(await from("2001:db8:1:2:ffff:ffff:ffff:fffe"), 429, "rate_limited");
  expect((await from("2001:db8:1:3::1")).status).toBe(200);
});

test("300 repeats of one clientId: the first answer the first message and store nothing, then 429 with Retry-After", async () => {
  const w = await makeWorld({ config: { limits: { messagesPerMinute: 60 } } });
  const v = await visitor(w.t);
  const first = await send(w.t, v, { body: "x", clientId: "c1" });
  expect(first.status).toBe(201);
  const stored = await count(w.t, "message");
  const answers: number[] = [];
  let limited: Awaited<ReturnType<typeof send>> | undefined;
  for (let i = 0; i < 300 && !limited; i++) {
    const r = await send(w.t, v, { body: "x", clientId: "c1" });
    if (r.status === 429) limited = r;
    else {
      expect(r.status).toBe(201);
      expect(r.json.message.id).toBe(first.json.message.id);
      answers.push(r.status);
    }
  }
  // a genuine retry stays cheap: twice the message limit of repeats per minute
  expect(answers.length).toBe(60 * REPEAT_FACTOR);
  expectError(limited!, 429, "rate_limited");
  expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(await count(w.t, "message")).toBe(stored);
  // repeats use no message: a new one is still accepted, and a minute later repeats are answered again
  expect((await send(w.t, v, { body: "new", clientId: "c2" })).status).toBe(201);
  w.t.clock.advance(60_000);
  const again = await send(w.t, v, { body: "x", clientId: "c1" });
  expect(again.status).toBe(201);
  expect(again.json.message.id).toBe(first.json.message.id);
});

test("repeats are limited per address too, across visitors", async () => {
  const w = await makeWorld({ config: { limits: { messagesPerMinute: 2, visitorsPerMinute: 1000, conversationsPerHour: 1000 } } });
  withAddresses(w.t);
  const here = { "x-test-address": "198.51.100.9" };
  let refused = 0;
  // 25 visitors at one address, each repeating its first message 4 times (its own limit): the address allows 20 x 4 a minute
  for (let i = 0; i < 25; i++) {
    const v = await visitor(w.t, { headers: here });
    expect((await send(w.t, v, { body: "x", clientId: "c1" }, here)).status).toBe(201);
    for (let j = 0; j < 2 * REPEAT_FACTOR; j++) {
      const r = await send(w.t, v, { body: "x", clientId: "c1" }, here);
      if (r.status === 429) {
        expectError(r, 429, "rate_limited");
        refused++;
      } else expect(r.status).toBe(201);
    }
  }
  expect(refused).toBe((25 - 20) * 2 * REPEAT_FACTOR);
});

describe("filling the limiter never resets a limit", () => {
  test("a visitor whose messages are used up stays limited after a flood of junk-token sessions from many addresses", async () => {
    const w = await makeWorld({ config: { limits: { messagesPerMinute: 3, session: 1000, visitorsPerMinute: 1000 } } });
    withAddresses(w.t);
    const limiter = new RateLimiter(() => w.t.clock.now(), w.t.ctx.config.limits, 400);
    w.t.ctx.limiter = limiter;
    const v = await visitor(w.t, { headers: { "x-test-address": "198.51.100.20" } });
    const conv = await conversationOf(w.t, v);
    for (let i = 1; i < 3; i++) expect((await send(w.t, v, { conversationId: conv, body: `m${i}` })).status).toBe(201);
    expectError(await send(w.t, v, { conversationId: conv, body: "one too many" }), 429, "rate_limited");
    const before = limiter.size;
    const statuses = new Set<number>();
    // 40 IPv6 /64s, each sending 15 sessions with a fresh junk token: 600 calls, more than the 400 buckets
    for (let a = 0; a < 40; a++) {
      for (let i = 0; i < 15; i++) {
        const r = await w.t.call({ path: "/api/widget/session", key: w.t.ws.publicKey, token: `junk-${a}-${i}-${"z".repeat(30)}`, body: {}, headers: { "x-test-address": `2001:db8:${a}::${i + 1}` } });
        statuses.add(r.status);
      }
    }
    expect([...statuses]).toEqual([200]);
    // a junk token names no bucket: each /64 opened its session and new-visitor buckets only
    expect(limiter.size - before).toBeLessThanOrEqual(40 * 2);
    expectError(await send(w.t, v, { conversationId: conv, body: "still limited" }), 429, "rate_limited");
    // a real visitor's token still names its own session bucket (and the new address its own)
    const after = limiter.size;
    expect((await w.t.call({ path: "/api/widget/session", key: v.key, token: v.token, body: {}, headers: { "x-test-address": "198.51.100.21" } })).status).toBe(200);
    expect(limiter.size - after).toBe(2);
  });

  test("the reviewer's flood through the real RateLimiter: no live window is dropped, new buckets get 429, the map stays at its cap", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now, defaultConfig().limits);
    const message = (who: string) => {
      try {
        limiter.route("messages", who, "203.0.113.7");
        return 201;
      } catch (e) {
        return (e as { status: number }).status;
      }
    };
    const victim = Array.from({ length: 100 }, () => message("vis_victim")).filter((s) => s === 201).length;
    expect(victim).toBe(60);
    expect(message("vis_calm")).toBe(201);
    let counted = 0;
    let largest = 0;
    let refused: { status: number; code: string; headers: Record<string, string> } | undefined;
    for (let a = 0; a < 42; a++) {
      for (let i = 0; i < 2400; i++) {
        now += 0.01;
        try {
          limiter.route("session", `junk-${a}-${i}`, `2001:db8:${a}::/64`);
          counted++;
        } catch (e) {
          refused ??= e as typeof refused;
        }
        largest = Math.max(largest, limiter.size);
      }
    }
    expect(counted).toBeLessThan(42 * 2400);
    expect(largest).toBe(100_000);
    expect(refused!.status).toBe(429);
    expect(refused!.code).toBe("rate_limited");
    expect(Number(refused!.headers["retry-after"])).toBeGreaterThan(0);
    expect(limiter.size).toBe(100_000);
    // the used-up visitor stays limited; a visitor already counted is still served
    expect(message("vis_victim")).toBe(429);
    expect(message("vis_calm")).toBe(201);
    // a window that ends makes room again
    now += 60_000;
    expect(message("vis_new")).toBe(201);
    expect(message("vis_victim")).toBe(201);
  });
});

describe("one network cannot fill the limiter", () => {
  test("the /64s of one IPv6 /48 share 5 000 buckets: past them its new visitors get 429, other networks' new visitors are served", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now, defaultConfig().limits);
    const session = (visitor: string, address: string) => {
      try {
        limiter.route("session", visitor, address);
      } catch (e) {
        return e as HttpError;
      }
    };
    // note: shares hold once the map is half full: 25 000 visitors of other networks bring it there.
    for (let i = 0; i < 25_000; i++) expect(session(`busy-${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)).toBeUndefined();
    expect(limiter.size).toBe(50_000);
    let refused: HttpError | undefined;
    // one /48's /64s, each bringing 120 new visitors a minute (within every per-address cap)
    for (let net = 0; net < 100 && !refused; net++) {
      for (let i = 0; i < 120 && !refused; i++) {
        now += 1;
        refused = session(`flood-${net}-${i}`, `2001:db8:66:${net.toString(16)}::/64`);
      }
    }
    expect(refused?.status).toBe(429);
    expect(refused?.code).toBe("rate_limited");
    expect(refused?.message).toMatch(/from your network/);
    expect(Number(refused?.headers?.["retry-after"])).toBeGreaterThan(50);
    expect(Number(refused?.headers?.["retry-after"])).toBeLessThanOrEqual(60);
    expect(limiter.size).toBe(55_000);
    expect(session("vis_v6", "2001:db8:67:1::/64")).toBeUndefined();
    expect(session("vis_v4", "203.0.113.7")).toBeUndefined();
    expect(session("vis_v4_neighbour", "203.0.113.8")).toBeUndefined();
    // a visitor of the flooding /48 already counted is still served
    expect(session("flood-0-0", "2001:db8:66:0::/64")).toBeUndefined();
    now += 60_000;
    expect(session("flood-again", "2001:db8:66:ffff::/64")).toBeUndefined();
  });

  test("on a quiet server a crowd behind one address is never refused for its network's share", () => {
    const lifted = Object.fromEntries(Object.entries(defaultConfig().limits).map(([k, v]) => [k, typeof v === "number" ? 100_000_000 : v])) as ReturnType<typeof defaultConfig>["limits"];
    const limiter = new RateLimiter(() => 1_000_000, lifted);
    // 10 000 visitors of one office, each starting a session and sending: 20 001 buckets, well under half the map
    for (let i = 0; i < 10_000; i++) {
      limiter.route("session", `office-${i}`, "203.0.113.80");
      limiter.route("messages", `office-${i}`, "203.0.113.80");
    }
    expect(limiter.size).toBe(20_002);
  });

  test("through the app: a /48 cycling /64s for new sessions is refused past its share; a new visitor from elsewhere starts a session", async () => {
    const w = await makeWorld();
    withAddresses(w.t);
    // a limiter of 400 buckets: a share of 20 per network
    w.t.ctx.limiter = new RateLimiter(() => w.t.clock.now(), w.t.ctx.config.limits, 400);
    // note: shares hold once the map is half full: 100 visitors of other networks bring it there.
    for (let i = 0; i < 100; i++) w.t.ctx.limiter.route("session", `busy-${i}`, `10.0.0.${i}`);
    expect(w.t.ctx.limiter.size).toBe(200);
    const from = (address: string) => w.t.call({ path: "/api/widget/session", key: w.t.ws.publicKey, body: {}, headers: { "x-test-address": address } });
    // each /64's first new visitor opens two buckets (new visitors and sessions from that address)
    for (let i = 1; i <= 10; i++) expect((await from(`2001:db8:9:${i}::1`)).status).toBe(200);
    const refused = await from("2001:db8:9:ff::1");
    expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await from("2001:db8:a::1")).status).toBe(200);
    expect((await from("198.51.100.30")).status).toBe(200);
    // counted addresses of the full /48 go on being served; its share frees when the windows end
    expect((await from("2001:db8:9:1::2")).status).toBe(200);
    w.t.clock.advance(60_000);
    expect((await from("2001:db8:9:ff::1")).status).toBe(200);
  });
});

test("password resets are counted per /64 too: cycling IPv6 addresses opens no new bucket", async () => {
  const t = await makeConsole();
  const forgot = (address: string) => t.call({ path: "/api/console/password/forgot", address, body: { email: "nobody@acme.test" } });
  for (let i = 1; i <= 10; i++) expect((await forgot(`2001:db8:5:6::${i}`)).status).toBe(202);
  const refused = await forgot("2001:db8:5:6::ff");
  expectError(refused, 429, "rate_limited");
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await forgot("2001:db8:5:7::1")).status).toBe(202);
});
