// Fixed windows: counts per bucket, each window ends by its own length.
import { expect, test } from "bun:test";
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
