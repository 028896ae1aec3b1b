// Holdings: amounts held per key and in all, released once.
import { expect, test } from "bun:test";
import { Holdings } from "../../src/lib/holdings";

test("a hold counts under each key and once in all; its release counts once, and empty keys are forgotten", () => {
  const h = new Holdings();
  const a = h.hold(["visitor:1", "address:x"], 3);
  const b = h.hold(["visitor:2", "address:x", "address:x"], 2);
  expect([h.of("visitor:1"), h.of("visitor:2"), h.of("address:x"), h.total]).toEqual([3, 2, 5, 5]);
  a();
  a();
  expect([h.of("visitor:1"), h.of("address:x"), h.total]).toEqual([0, 2, 2]);
  b();
  expect([h.of("address:x"), h.total]).toEqual([0, 0]);
});
