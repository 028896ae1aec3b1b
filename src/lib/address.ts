// Client addresses behind trusted proxies.

/** forwardedClient picks the client from X-Forwarded-For: the entry `hops` from the right, the one
 *  the outermost trusted proxy appended. Entries left of it are whatever the client wrote, so they
 *  are never taken; a header shorter than the proxy chain names nobody (null). */
export function forwardedClient(header: string | null, hops: number): string | null {
  if (!header) return null;
  const entries = header.split(",");
  const entry = entries[entries.length - hops]?.trim();
  return entry ? entry.slice(0, 100) : null;
}

/** limitKey is the part of an address the abuse limits count by: an IPv4 address whole, an IPv6
 *  address by its /64 (one subscriber's network), since one host can hold a whole /64. */
export function limitKey(address: string): string {
  if (!address.includes(":")) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = "", tail = ""] = address.toLowerCase().split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const full = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${full.slice(0, 4).map((h) => h.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
