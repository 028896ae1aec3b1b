// bun:test's API over node:test, for `deno task test` (deno.json maps "bun:test" here): the suite's files run unchanged.
// It covers what the suite uses: test (with .each, .if, .skip), describe (with .each), the four hooks,
// setDefaultTimeout and expect.
import * as node from "node:test";
import { format } from "node:util";
import { expect } from "./expect";

type Fn = () => unknown;

// note: bun:test's timeout is a third argument in ms; node:test's is an option. The default is what
// test/helpers/timeouts.ts gives the files that start real processes under Bun.
let defaultTimeout = 60_000;

/** setDefaultTimeout sets the timeout of the tests registered after it, as bun:test's does for its file. */
export const setDefaultTimeout = (ms: number) => void (defaultTimeout = ms);

/** title fills printf-style placeholders (%s, %p, %d, %i, %j, %o) from a test.each row, as bun:test does. */
const title = (name: string, row: unknown) => {
  const args = Array.isArray(row) ? [...row] : [row];
  return name.replace(/%[spdijoO%]/g, (p) => (p === "%%" ? "%" : args.length ? format(p === "%p" ? "%O" : p, args.shift()) : p));
};

const register = (name: string, fn: Fn, timeout = defaultTimeout) => void node.test(name, { timeout }, async () => void (await fn()));
const skip = (name: string, _fn?: Fn) => void node.test(name, { skip: true }, () => {});

/** test registers one test (bun:test's signature: name, fn, timeout in ms). */
export const test = Object.assign(register, {
  /** each registers one test per row; a row that is an array is spread into the arguments. */
  each:
    <T>(rows: readonly T[]) =>
    (name: string, fn: (...args: any[]) => unknown, timeout?: number) => {
      for (const row of rows) register(title(name, row), () => (Array.isArray(row) ? fn(...row) : fn(row)), timeout);
    },
  skip,
  if: (condition: boolean) => (condition ? register : skip),
});

const group = (name: string, fn: Fn) => void node.describe(name, () => void fn());

/** describe groups tests; its hooks run around its own tests only. */
export const describe = Object.assign(group, {
  /** each makes one group per row, as test.each makes one test. */
  each:
    <T>(rows: readonly T[]) =>
    (name: string, fn: (...args: any[]) => unknown) => {
      for (const row of rows) group(title(name, row), () => (Array.isArray(row) ? fn(...row) : fn(row)));
    },
});

const hook = (add: (fn: () => Promise<void>, options: { timeout: number }) => void) => (fn: Fn, timeout = defaultTimeout) =>
  add(async () => void (await fn()), { timeout });

/** beforeAll / afterAll run once around the tests of the file or describe they are called in. */
export const beforeAll = hook(node.before);
export const afterAll = hook(node.after);
/** beforeEach / afterEach run around every test of the file or describe they are called in. */
export const beforeEach = hook(node.beforeEach);
export const afterEach = hook(node.afterEach);

export { expect };
