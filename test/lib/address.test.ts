// X-Forwarded-For: only the entry the trusted proxy appended names the client.
import { expect, test } from "bun:test";
import { forwardedClient } from "../../src/lib/address";

const rows: [string, string | null, number, string | null][] = [
  ["one proxy: the right-most entry", "203.0.113.9", 1, "203.0.113.9"],
  ["spoofed entries on the left are ignored", "1.1.1.1, 2.2.2.2, 203.0.113.9", 1, "203.0.113.9"],
  ["two proxies: the second from the right", "1.1.1.1, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"],
  ["a chain shorter than the hops names nobody", "203.0.113.9", 2, null],
  ["no header", null, 1, null],
  ["an empty entry names nobody", "1.1.1.1, ", 1, null],
];

for (const [name, header, hops, expected] of rows) test(name, () => expect(forwardedClient(header, hops)).toBe(expected));
