// Screening a provider's host by what its name resolves to, through the system resolver of the runtime running the tests.
import { expect, test } from "bun:test";
import { isPrivateAddress, reach } from "../../src/lib/private-host";
import { lookupAll } from "../../src/platform/dns";

test("addresses as a resolver answers them are judged like literal hosts", () => {
  for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.10", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "fd00::1", "fe80::1", "64:ff9b::a00:1"]) {
    expect([a, isPrivateAddress(a)]).toEqual([a, true]);
  }
  for (const a of ["203.0.113.7", "8.8.8.8", "172.32.0.1", "2001:db8::1", "2606:4700::1111", "::ffff:8.8.8.8"]) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
});

test("the runtime's resolver: localhost resolves to loopback (own); a name that does not resolve is unresolved", async () => {
  const addresses = await lookupAll("localhost");
  expect(addresses.length).toBeGreaterThan(0);
  expect(addresses.every(isPrivateAddress)).toBe(true);
  // note: a name the literal rules do not know (ip6-localhost style) reaches the resolver, which answers loopback.
  const loopbackName = (host: string) => (host === "loopback.test" ? lookupAll("localhost") : Promise.reject(new Error(host)));
  expect(await reach("http://loopback.test:11434/v1", loopbackName)).toBe("own");
  expect(await reach("http://no-such-host.invalid/v1", lookupAll)).toBe("unresolved");
  // note: a literal address or a known name is judged without the resolver.
  const loopback = async () => ["127.0.0.1"];
  expect(await reach("http://10.0.0.5/v1", async () => ["203.0.113.9"])).toBe("own");
  expect(await reach("http://203.0.113.9/v1", loopback)).toBe("public");
  expect(await reach("http://localhost./v1", async () => ["203.0.113.9"])).toBe("own");
  expect(await reach("http://llm.public.example/v1", async () => ["203.0.113.9"])).toBe("public");
});

test("a resolver that does not answer in time has answered nothing: the name is unresolved, not waited for", async () => {
  const started = Date.now();
  expect(await reach("http://slow.example/v1", () => new Promise(() => {}), 200)).toBe("unresolved");
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await reach("http://empty.example/v1", async () => [])).toBe("unresolved");
});
