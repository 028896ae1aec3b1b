// CONTRACT §4b: at most 10 live connections (streams plus waiting long polls) per visitor and 100
// per address; the next is 429 too_many_streams; a connection that ends frees its slot.
import { afterEach, expect, test } from "bun:test";
import { LiveSlots } from "../../../src/realtime/slots";
import { as, expectError, makeWorld, openStream, visitor, withAddresses } from "../../helpers/builders";
import { sleep } from "../../runtime/neutral";

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

test("a visitor's 11th stream is 429 too_many_streams; another visitor is served; closing one frees a slot", async () => {
  const w = await makeWorld();
  for (let i = 0; i < 10; i++) {
    const s = await openStream(w.t, w.a);
    opened.push(s);
    expect(s.res.status).toBe(200);
  }
  const refused = await w.t.call(as(w.a, { path: "/api/widget/messages/stream" }));
  expectError(refused, 429, "too_many_streams");
  expect(refused.headers.get("retry-after")).toBeTruthy();
  const other = await openStream(w.t, w.b);
  opened.push(other);
  expect(other.res.status).toBe(200);
  await opened.shift()!.close();
  const again = await openStream(w.t, w.a);
  opened.push(again);
  expect(again.res.status).toBe(200);
});

test("waiting long polls count with streams and free their slot when they answer", async () => {
  const w = await makeWorld();
  for (let i = 0; i < 9; i++) opened.push(await openStream(w.t, w.a));
  const poll = (wait: number) => w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${w.convA}&after=${w.agentReply.id}&wait=${wait}` }));
  const waiting = poll(2);
  // note: long enough for the first poll to have read its empty page and taken its slot on a loaded machine (a CI run
  // on Postgres once took more than 50 ms), short enough that it still waits.
  await sleep(400);
  expectError(await poll(1), 429, "too_many_streams");
  expect((await waiting).status).toBe(200);
  // the answered poll gave its slot back
  const next = poll(0);
  expect((await next).status).toBe(200);
  opened.push(await openStream(w.t, w.a));
  expectError(await w.t.call(as(w.a, { path: "/api/widget/messages/stream" })), 429, "too_many_streams");
  // a plain history read (no wait) never needs a slot
  expect((await w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${w.convA}` }))).status).toBe(200);
});

test("100 per address: the 101st is refused there, while another address is served", async () => {
  const w = await makeWorld({ config: { limits: { visitorsPerMinute: 1000 } } });
  withAddresses(w.t);
  const here = { "x-test-address": "198.51.100.7" };
  for (let i = 0; i < 10; i++) {
    const v = await visitor(w.t, { headers: here });
    for (let j = 0; j < 10; j++) opened.push(await openStream(w.t, v, here));
  }
  const last = await visitor(w.t, { headers: here });
  expectError(await w.t.call(as(last, { path: "/api/widget/messages/stream", headers: here })), 429, "too_many_streams");
  const there = await openStream(w.t, last, { "x-test-address": "198.51.100.8" });
  opened.push(there);
  expect(there.res.status).toBe(200);
});

test("a release counts once, and counts that reach zero are forgotten", () => {
  const slots = new LiveSlots(2, 3);
  const r1 = slots.acquire("v", "a");
  slots.acquire("v", "a");
  expect(() => slots.acquire("v", "a")).toThrow("Too many live connections");
  r1();
  r1();
  expect(slots.open("v")).toBe(1);
  slots.acquire("v", "a");
  slots.acquire("w", "a");
  expect(() => slots.acquire("x", "a")).toThrow("Too many live connections");
  expect(slots.acquire("x", "b")).toBeFunction();
});
