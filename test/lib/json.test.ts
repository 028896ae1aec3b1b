// measureJson counts what CONTRACT §4b counts: depth (a top-level object is 1) and values, keys excluded.
import { expect, test } from "bun:test";
import { measureJson, parseBoundedJson } from "../../src/lib/json";

const rows: [string, unknown, { depth: number; values: number }][] = [
  ["an empty object", {}, { depth: 1, values: 1 }],
  ["keys are not values", { a: 1, b: "x", c: null }, { depth: 1, values: 4 }],
  ["nested arrays and objects", { a: [1, [2, { b: true }]] }, { depth: 4, values: 7 }],
  ["brackets, quotes and commas inside strings", { "k[{,": 'v"]},\\', w: ["[", "{"] }, { depth: 2, values: 5 }],
  ["numbers with signs and exponents", [-1.5e10, 0, 2e-3, false], { depth: 1, values: 5 }],
  ["a bare string", "hello", { depth: 0, values: 1 }],
];

for (const [name, value, expected] of rows) {
  test(name, () => {
    expect(measureJson(JSON.stringify(value))).toEqual(expected);
    expect(measureJson(JSON.stringify(value, null, 2))).toEqual(expected);
  });
}

test("measuring stops at the first level past the limit, so 10 MB of brackets costs little", () => {
  const text = "[".repeat(10_000_000);
  const started = performance.now();
  expect(measureJson(text).depth).toBe(33);
  expect(performance.now() - started).toBeLessThan(100);
});

// note: Postgres keeps no NUL in text or jsonb, and no text people write holds one; a body's NULs are dropped.
test.each([
  ['{"a":"x\\u0000y"}', { a: "xy" }],
  ['{"a\\u0000":["\\u0000"]}', { a: [""] }],
  ['{"a":"x\\\\u0000y"}', { a: "x\\u0000y" }],
  ['{"a":"x\\\\\\u0000y"}', { a: "x\\y" }],
])("a NUL is dropped from every string of a body, and only a NUL: %s", (text, value) => {
  expect(parseBoundedJson(text)).toEqual(value);
});
