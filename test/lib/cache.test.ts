// Bounded caches drop their oldest entry, never everything at once.
import { expect, test } from "bun:test";
import { remember } from "../../src/lib/cache";

test("a full cache drops only its oldest entry; updating a key drops nothing", () => {
  const map = new Map<string, number>();
  for (let i = 0; i < 5; i++) remember(map, `k${i}`, i, 3);
  expect([...map.keys()]).toEqual(["k2", "k3", "k4"]);
  remember(map, "k3", 33, 3);
  expect([...map.entries()]).toEqual([["k2", 2], ["k3", 33], ["k4", 4]]);
});
