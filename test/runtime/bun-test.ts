// bun:test's API over node:test, for `deno task test` (deno.json maps "bun:test" here): the suite's files run unchanged.
import * as node from "node:test";
import { format } from "node:util";
import { expect } from "./expect";

type Fn = () => unknown;
type Each = <T>(rows: readonly T[]) => (name: string, fn: (...args: any[]) => unknown, timeout?: number) => void;

// note: bun:test's timeout is a third argument in ms; node:test's is an option. Bun's default here is 60 s (bunfig.toml).
const DEFAULT_TIMEOUT = 60_000;

/** title fills printf-style placeholders (%s, %p, %d, %i, %j, %o) from a test.each row, as bun:test does. */
const title = (name: string, row: unknown) => {
  const args = Array.isArray(row) ? [...row] : [row];
  return name.replace(/%[spdijoO%]/g, (p) => (p === "%%" ? "%" : args.length ? format(p === "%p" ? "%O" : p, args.shift()) : p));
};

const each =
  (register: (name: string, fn: Fn, timeout?: number) => void): Each =>
  (rows) =>
  (name, fn, timeout) => {
    for (const row of rows) register(title(name, row), () => (Array.isArray(row) ? fn(...row) : fn(row)), timeout);
  };

/** test registers one test (bun:test's signature: name, fn, timeout in ms). */
export const test = Object.assign((name: string, fn: Fn, timeout = DEFAULT_TIMEOUT) => void node.test(name, { timeout }, async () => void (await fn())), {
  each: undefined as unknown as Each,
  skip: (name: string, _fn: Fn) => void node.test(name, { skip: true }, () => {}),
  todo: (name: string) => void node.test(name, { todo: true }, () => {}),
  if: (condition: boolean) => (condition ? test : test.skip),
  skipIf: (condition: boolean) => (condition ? test.skip : test),
});
test.each = each(test);

/** it is test. */
export const it = test;

/** describe groups tests; its hooks run around its own tests only. */
export const describe = Object.assign((name: string, fn: Fn) => void node.describe(name, () => void fn()), {
  each: ((rows: readonly unknown[]) => (name: string, fn: (...args: any[]) => unknown) => {
    for (const row of rows) describe(title(name, row), () => (Array.isArray(row) ? fn(...row) : fn(row)));
  }) as Each,
  skip: (name: string, fn: Fn) => void node.describe(name, { skip: true }, () => void fn()),
});

const hook = (register: (fn: () => Promise<void>, options: { timeout: number }) => void) => (fn: Fn, timeout = DEFAULT_TIMEOUT) =>
  register(async () => void (await fn()), { timeout });

/** beforeAll / afterAll run once around the tests of the file or describe they are called in. */
export const beforeAll = hook(node.before);
export const afterAll = hook(node.after);
/** beforeEach / afterEach run around every test of the file or describe they are called in. */
export const beforeEach = hook(node.beforeEach);
export const afterEach = hook(node.afterEach);

export { expect };
