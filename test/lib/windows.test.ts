// Fixed windows: counts per bucket, each window ends by its own length.
import { describe, expect, test } from "bun:test";
import { networkOf } from "../../src/lib/address";
import { FixedWindows } from "../../src/lib/windows";

const MINUTE = { max: 3, windowMs: 60_000 };
const HOUR = { max: 3, windowMs: 3_600_000 };

test("a bucket counts within its window and starts again after it", () => {
  let now = 0;
  const w = new FixedWindows(() => now);
  expect([w.add("a", MINUTE), w.add("a", MINUTE), w.add("b", MINUTE)]).toEqual([1, 2, 1]);
  now = 59_500;
  expect(w.secondsLeft("a")).toBe(1);
  now = 60_000;
  expect(w.count("a")).toBe(0);
  expect(w.secondsLeft("a")).toBe(0);
  expect(w.add("a", MINUTE)).toBe(1);
});

test("when full, a sweep drops only the windows that ended: a short limit never resets a long one", () => {
  let now = 0;
  const w = new FixedWindows(() => now, 2);
  w.add("hour", HOUR);
  w.add("hour", HOUR);
  w.add("minute", MINUTE);
  now = 120_000;
  w.add("another-minute", MINUTE); // full: sweeps the ended minute window, keeps the hour
  expect(w.count("hour")).toBe(2);
  expect(w.count("minute")).toBe(0);
});

test("a full map is swept for ended windows at most once a second, however often room is asked", () => {
  let now = 0;
  const w = new FixedWindows(() => now, 3);
  w.add("a", MINUTE);
  now = 10;
  w.add("b", MINUTE);
  now = 20;
  w.add("c", MINUTE);
  now = 60_000;
  expect(w.room("d")).toBe(true); // the sweep drops "a"
  w.add("d", MINUTE);
  now = 60_500; // "b" and "c" have ended, but the last sweep was half a second ago
  expect(w.room("e")).toBe(false);
  expect(w.secondsToRoom()).toBe(1);
  now = 61_000;
  expect(w.room("e")).toBe(true);
  expect(w.size).toBe(1);
});

describe("shares: one network holds at most its share of the map", () => {
  const SHARE = 5;
  const PRESSURE = 50;
  // note: shares hold once the map is half full; these tests start there, with one-hour buckets of other networks.
  const make = (clock: { now: number }) => {
    const w = new FixedWindows(() => clock.now, 100, { share: SHARE, networkOf });
    for (let i = 0; i < PRESSURE; i++) w.add(`busy${i}`, HOUR, 1, `198.18.0.${i}`);
    return w;
  };

  test("below half full, a network may hold more than its share: a crowd behind one address is not refused on a quiet server", () => {
    const w = new FixedWindows(() => 0, 100, { share: SHARE, networkOf });
    for (let i = 1; i <= 4 * SHARE; i++) expect(w.add(`crowd${i}`, MINUTE, 1, "203.0.113.50")).toBe(1);
    for (let i = 0; i < PRESSURE - 4 * SHARE - 2; i++) w.add(`other${i}`, MINUTE, 1, `198.18.1.${i}`);
    expect(w.add("crowd-more", MINUTE, 1, "203.0.113.50")).toBe(1);
    expect(w.add("crowd-too-many", MINUTE, 1, "203.0.113.50")).toBe(Infinity);
    expect(w.add("newcomer", MINUTE, 1, "203.0.113.51")).toBe(1);
  });

  test("a full share from one IPv6 /48 is refused while another network still gets a new bucket; its counted buckets go on", () => {
    const clock = { now: 0 };
    const w = make(clock);
    // five /64s of one /48, one bucket each: its whole share
    for (let i = 1; i <= SHARE; i++) expect(w.add(`b${i}`, MINUTE, 1, `2001:db8:1:${i}::/64`)).toBe(1);
    expect(w.room("b6", undefined, "2001:db8:1:ff::/64")).toBe(false);
    expect(w.add("b6", MINUTE, 1, "2001:db8:1:ff::/64")).toBe(Infinity);
    expect(w.fullShare("2001:db8:1:abcd::/64")).toBe(true);
    expect(w.add("b1", MINUTE, 1, "2001:db8:1:1::/64")).toBe(2);
    // two new buckets at once need room for both: one left is not enough
    expect(w.add("c1", MINUTE, 1, "2001:db8:2::/64")).toBe(1);
    for (let i = 2; i < SHARE; i++) w.add(`c${i}`, MINUTE, 1, "2001:db8:2::/64");
    expect(w.room("c5", "c6", "2001:db8:2::/64")).toBe(false);
    expect(w.room("c5", "c1", "2001:db8:2::/64")).toBe(true);
    expect(w.add("d1", MINUTE, 1, "203.0.113.9")).toBe(1);
    expect(w.size).toBe(PRESSURE + 2 * SHARE);
  });

  test("IPv4 is not grouped beyond the address: a neighbour in the same /24 keeps its own share", () => {
    const w = make({ now: 0 });
    for (let i = 1; i <= SHARE; i++) w.add(`a${i}`, MINUTE, 1, "203.0.113.1");
    expect(w.add("a6", MINUTE, 1, "203.0.113.1")).toBe(Infinity);
    expect(w.add("a6", MINUTE, 1, "::ffff:203.0.113.1")).toBe(Infinity);
    expect(w.add("n1", MINUTE, 1, "203.0.113.2")).toBe(1);
  });

  test("a network's buckets are released when their windows end and are swept, window after window; Retry-After is its own", () => {
    const clock = { now: 0 };
    const w = make(clock);
    w.add("other", MINUTE, 1, "198.51.100.1");
    clock.now = 30_000;
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i <= SHARE; i++) expect(w.add(`r${round}-${i}`, MINUTE, 1, "2001:db8:7::/64")).toBe(1);
      expect(w.add(`r${round}-x`, MINUTE, 1, "2001:db8:7::/64")).toBe(Infinity);
      // the map's earliest window ("other") ends sooner; the network waits for its own
      expect(w.secondsToRoom("2001:db8:7::/64")).toBe(60);
      clock.now += 60_000;
    }
    expect(w.size).toBeLessThanOrEqual(PRESSURE + SHARE + 1);
  });
});
