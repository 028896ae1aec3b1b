// Route queries: read from the URL as a browser encodes them, held to their schema, each distinct valid one validated once.
import { expect, test } from "bun:test";
import * as v from "valibot";
import { HttpError, InvalidFields } from "../../src/lib/http-error";
import { queryOf, queryParser } from "../../src/lib/query";

test("a query string is read as names and decoded values; a name given twice keeps both", () => {
  expect({ ...queryOf("a=1&b=caf%C3%A9+au+lait&flag&=x&&c=") }).toEqual({ a: "1", b: "café au lait", flag: "", "": "x", c: "" });
  expect({ ...queryOf("after=%zz") }).toEqual({ after: "%zz" });
  expect({ ...queryOf("after=a&after=b&after=c") }).toEqual({ after: ["a", "b", "c"] });
  expect({ ...queryOf("") }).toEqual({});
});

test("a query is held to its schema: an invalid one is the 422 naming its field, a name given twice is refused", () => {
  const read = queryParser(v.object({ conversation: v.string(), limit: v.optional(v.pipe(v.string(), v.transform(Number))) }));
  expect(read("http://h/p?conversation=c1&limit=20&other=x")).toEqual({ conversation: "c1", limit: 20 });
  for (const [url, field] of [["http://h/p?limit=20", "conversation"], ["http://h/p", "conversation"], ["http://h/p?conversation=a&conversation=b", "conversation"]] as const) {
    const error = (() => {
      try {
        read(url);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidFields);
    expect([(error as HttpError).status, (error as HttpError).code, (error as HttpError).field]).toEqual([422, "invalid_field", field]);
  }
});

test("a valid query is validated once and remembered by its text; a long one, or an invalid one, each time", () => {
  let runs = 0;
  const read = queryParser(v.pipe(v.object({ conversation: v.string() }), v.check(() => (runs++, true))));
  const first = read("http://h/p?conversation=c1");
  expect(read("http://other/q?conversation=c1")).toBe(first);
  expect(Object.isFrozen(first)).toBe(true);
  expect(runs).toBe(1);
  read("http://h/p?conversation=c2");
  expect(runs).toBe(2);
  const long = `http://h/p?conversation=${"c".repeat(300)}`;
  read(long);
  read(long);
  expect(runs).toBe(4);
  expect(() => read("http://h/p?x=1")).toThrow(InvalidFields);
  expect(() => read("http://h/p?x=1")).toThrow(InvalidFields);
});
