// A small expect with the matchers this suite uses, as bun:test's expect behaves, for running the suite under Deno.
import { inspect } from "node:util";

/** Asymmetric is a matcher that stands for a value inside toEqual and toMatchObject (expect.stringMatching...). */
class Asymmetric {
  constructor(readonly description: string, readonly test: (value: unknown) => boolean) {}
  [inspect.custom]() {
    return this.description;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** equals compares like bun:test's toEqual: structure, not prototypes; object keys whose value is undefined are ignored.
 *  With partial, b's keys must be in a but a may have more (toMatchObject). */
export function equals(a: unknown, b: unknown, partial = false): boolean {
  if (b instanceof Asymmetric) return b.test(a);
  if (a instanceof Asymmetric) return a.test(b);
  if (Object.is(a, b)) return true;
  if (!isObject(a) || !isObject(b)) return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i], partial));
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) return ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && equals([...(a as unknown as Uint8Array)], [...(b as unknown as Uint8Array)]);
  if (a instanceof Map || b instanceof Map || a instanceof Set || b instanceof Set) {
    return a.constructor === b.constructor && equals([...(a as unknown as Map<unknown, unknown>)], [...(b as unknown as Map<unknown, unknown>)], partial);
  }
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const kb = keys(b);
  if (!partial && keys(a).length !== kb.length) return false;
  return kb.every((k) => Object.hasOwn(a, k) && equals(a[k], b[k], partial));
}

const show = (v: unknown) => inspect(v, { depth: 6, breakLength: 120 });

/** ExpectError is a failed expectation. */
export class ExpectError extends Error {
  override name = "ExpectError";
}

function matchers(actual: unknown, negate: boolean) {
  const check = (pass: boolean, what: string, expected?: unknown) => {
    if (pass === negate) throw new ExpectError(`expect(${show(actual)})${negate ? ".not" : ""}.${what}(${expected === undefined ? "" : show(expected)})`);
  };
  const thrown = (): { threw: boolean; error?: unknown } => {
    if (typeof actual !== "function") return { threw: false };
    try {
      (actual as () => unknown)();
      return { threw: false };
    } catch (error) {
      return { threw: true, error };
    }
  };
  const throwMatches = (error: unknown, expected?: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (expected === undefined) return true;
    if (typeof expected === "string") return message.includes(expected);
    if (expected instanceof RegExp) return expected.test(message);
    if (typeof expected === "function") return error instanceof (expected as new () => unknown);
    return equals(error, expected, true);
  };
  const length = (v: unknown) => (v as { length?: number })?.length;
  return {
    toBe: (e: unknown) => check(Object.is(actual, e), "toBe", e),
    toEqual: (e: unknown) => check(equals(actual, e), "toEqual", e),
    toStrictEqual: (e: unknown) => check(equals(actual, e), "toStrictEqual", e),
    toMatchObject: (e: unknown) => check(equals(actual, e, true), "toMatchObject", e),
    toContain: (e: unknown) => check(typeof actual === "string" ? actual.includes(e as string) : [...((actual as Iterable<unknown>) ?? [])].includes(e), "toContain", e),
    toContainEqual: (e: unknown) => check([...((actual as Iterable<unknown>) ?? [])].some((x) => equals(x, e)), "toContainEqual", e),
    toMatch: (e: RegExp | string) => check(typeof actual === "string" && (typeof e === "string" ? actual.includes(e) : new RegExp(e.source, e.flags).test(actual)), "toMatch", e),
    toStartWith: (e: string) => check(typeof actual === "string" && actual.startsWith(e), "toStartWith", e),
    toEndWith: (e: string) => check(typeof actual === "string" && actual.endsWith(e), "toEndWith", e),
    toHaveLength: (e: number) => check(length(actual) === e, "toHaveLength", e),
    toHaveProperty: (path: string, ...value: unknown[]) => {
      let v: unknown = actual;
      let has = true;
      for (const k of path.split(".")) {
        if (isObject(v) && k in v) v = v[k];
        else has = false;
      }
      check(has && (value.length === 0 || equals(v, value[0])), "toHaveProperty", path);
    },
    toBeGreaterThan: (e: number) => check((actual as number) > e, "toBeGreaterThan", e),
    toBeGreaterThanOrEqual: (e: number) => check((actual as number) >= e, "toBeGreaterThanOrEqual", e),
    toBeLessThan: (e: number) => check((actual as number) < e, "toBeLessThan", e),
    toBeLessThanOrEqual: (e: number) => check((actual as number) <= e, "toBeLessThanOrEqual", e),
    toBeNull: () => check(actual === null, "toBeNull"),
    toBeUndefined: () => check(actual === undefined, "toBeUndefined"),
    toBeDefined: () => check(actual !== undefined, "toBeDefined"),
    toBeFunction: () => check(typeof actual === "function", "toBeFunction"),
    toBeTruthy: () => check(!!actual, "toBeTruthy"),
    toBeFalsy: () => check(!actual, "toBeFalsy"),
    toBeInstanceOf: (e: new (...a: never[]) => unknown) => check(actual instanceof e, "toBeInstanceOf", e.name),
    toThrow: (e?: unknown) => {
      const r = thrown();
      check(r.threw && throwMatches(r.error, e), "toThrow", e);
    },
  };
}

type Matchers = ReturnType<typeof matchers>;
type Async = { [K in keyof Matchers]: (...args: Parameters<Matchers[K]>) => Promise<void> };

/** expect checks a value; `.not` negates, `.resolves` / `.rejects` wait for a promise first. */
export function expect(actual: unknown) {
  const settle = (wantRejected: boolean, negate: boolean): Async =>
    new Proxy({} as Async, {
      get: (_, name: string) => async (...args: unknown[]) => {
        let value: unknown;
        let rejected = false;
        try {
          value = await actual;
        } catch (error) {
          value = error;
          rejected = true;
        }
        if (rejected !== wantRejected) throw new ExpectError(`expected the promise to ${wantRejected ? "reject" : "resolve"}, it ${rejected ? "rejected with" : "resolved to"} ${show(value)}`);
        // note: for rejects.toThrow the rejection reason plays the thrown error.
        const subject = wantRejected && name === "toThrow" ? () => { throw value; } : value;
        (matchers(subject, negate) as Record<string, (...a: unknown[]) => void>)[name]!(...args);
      },
    });
  return Object.assign(matchers(actual, false), {
    not: Object.assign(matchers(actual, true), { resolves: settle(false, true), rejects: settle(true, true) }),
    resolves: Object.assign(settle(false, false), { not: settle(false, true) }),
    rejects: Object.assign(settle(true, false), { not: settle(true, true) }),
  });
}

expect.stringMatching = (re: RegExp | string) => new Asymmetric(`StringMatching ${re}`, (v) => typeof v === "string" && (typeof re === "string" ? v.includes(re) : re.test(v)));
expect.stringContaining = (s: string) => new Asymmetric(`StringContaining ${JSON.stringify(s)}`, (v) => typeof v === "string" && v.includes(s));
expect.objectContaining = (o: object) => new Asymmetric(`ObjectContaining ${show(o)}`, (v) => equals(v, o, true));
expect.arrayContaining = (items: unknown[]) => new Asymmetric(`ArrayContaining ${show(items)}`, (v) => Array.isArray(v) && items.every((i) => v.some((x) => equals(x, i))));
expect.any = (type: new (...a: never[]) => unknown) =>
  new Asymmetric(`Any<${type.name}>`, (v) => v instanceof type || (type === (String as unknown) && typeof v === "string") || (type === (Number as unknown) && typeof v === "number") || (type === (Boolean as unknown) && typeof v === "boolean"));
expect.anything = () => new Asymmetric("Anything", (v) => v !== null && v !== undefined);
