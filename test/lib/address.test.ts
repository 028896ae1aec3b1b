// X-Forwarded-For: only the entry the trusted proxy appended names the client.
import { expect, test } from "bun:test";
import { AddressMemo, forwardedClient, limitKey, networkOf } from "../../src/lib/address";

const rows: [string, string | null, number, string | null][] = [
  ["one proxy: the right-most entry", "203.0.113.9", 1, "203.0.113.9"],
  ["spoofed entries on the left are ignored", "1.1.1.1, 2.2.2.2, 203.0.113.9", 1, "203.0.113.9"],
  ["two proxies: the second from the right", "1.1.1.1, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"],
  ["a chain shorter than the hops names nobody", "203.0.113.9", 2, null],
  ["no header", null, 1, null],
  ["an empty entry names nobody", "1.1.1.1, ", 1, null],
];

for (const [name, header, hops, expected] of rows) test(name, () => expect(forwardedClient(header, hops)).toBe(expected));

const keys: [string, string][] = [
  ["203.0.113.9", "203.0.113.9"],
  ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
  ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
  ["2001:0db8:0001:0002:ffff::9", "2001:db8:1:2::/64"],
  ["2001:db8::1", "2001:db8:0:0::/64"],
  ["::1", "0:0:0:0::/64"],
  ["::ffff:203.0.113.9", "203.0.113.9"],
  ["fe80::1%eth0", "fe80:0:0:0::/64"],
];
for (const [address, key] of keys) test(`limits count ${address} as ${key}`, () => expect(limitKey(address)).toBe(key));

const networks: [string, string][] = [
  ["203.0.113.9", "203.0.113.9"],
  ["203.0.113.10", "203.0.113.10"],
  ["::ffff:203.0.113.9", "203.0.113.9"],
  ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1::/48"],
  ["2001:db8:1:ffff::1", "2001:db8:1::/48"],
  ["2001:0db8:0001:0002::9", "2001:db8:1::/48"],
  ["2001:db8::1", "2001:db8:0::/48"],
  ["2001:db8:1::", "2001:db8:1::/48"],
  ["::1", "0:0:0::/48"],
  ["fe80::1%eth0", "fe80:0:0::/48"],
];
for (const [address, network] of networks) {
  test(`a network's share counts ${address} (and its limit key) as ${network}`, () => {
    expect(networkOf(address)).toBe(network);
    expect(networkOf(limitKey(address))).toBe(network);
  });
}

test("a visitor's address is asked once a minute; an unknown caller's once per request", () => {
  let now = 0;
  let asked = 0;
  const memo = new AddressMemo(() => now);
  const at = (address: string) => () => (asked++, address);
  const first = memo.of("vis_a", at("198.51.100.7"));
  expect([first(), first()]).toEqual(["198.51.100.7", "198.51.100.7"]);
  expect(memo.of("vis_a", at("198.51.100.8"))()).toBe("198.51.100.7");
  expect(memo.of("vis_b", at("198.51.100.8"))()).toBe("198.51.100.8");
  expect(asked).toBe(2);
  now = 60_000;
  expect(memo.of("vis_a", at("198.51.100.8"))()).toBe("198.51.100.8");
  const anonymous = memo.of(undefined, at("203.0.113.1"));
  expect([anonymous(), anonymous(), memo.of(undefined, at("203.0.113.2"))()]).toEqual(["203.0.113.1", "203.0.113.1", "203.0.113.2"]);
  expect(asked).toBe(5);
});
