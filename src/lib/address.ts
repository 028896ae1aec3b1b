// Client addresses behind trusted proxies.
import { remember } from "./cache";

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
  return prefix(address, 4);
}

/** networkOf names the network of an address or of its limit key, the unit whose share of the
 *  limiter is bounded (see RateLimiter): an IPv4 address whole, an IPv6 address by its /48 (one
 *  allocation, 65 536 /64s).
 *  note: IPv4 is not grouped wider than the address: cycling IPv4 addresses costs real addresses,
 *  and a carrier-grade NAT puts many real people behind the addresses of one /24. */
export function networkOf(address: string): string {
  return prefix(address, 3);
}

/** addressKeys names what a client address holds against, for the bounds per address and per network: its limit key
 *  (see limitKey) and its network (see networkOf). */
export const addressKeys = (address: string): [address: string, network: string] => [`address:${address}`, `network:${networkOf(address)}`];

// prefix is an IPv6 address's (or prefix's) first `groups` groups of 16 bits, leading zeros dropped,
// as `a:b:c::/48` or `a:b:c:d::/64`; an IPv4 address (IPv4-mapped IPv6 too) is whole.
function prefix(address: string, groups: 3 | 4): string {
  if (!address.includes(":")) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  return `${ipv6Groups(address).slice(0, groups).map((h) => h.replace(/^0+(?=.)/, "")).join(":")}::/${groups * 16}`;
}

/** ipv6Groups writes an IPv6 address (its zone and prefix length dropped, `::` expanded) as its eight groups of hex digits. */
export function ipv6Groups(address: string): string[] {
  const bare = address.toLowerCase().split(/[%/]/)[0]!;
  const [head = "", tail = ""] = bare.split("::");
  const left = head ? head.split(":") : [];
  const right = bare.includes("::") && tail ? tail.split(":") : [];
  return [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
}

/** AddressMemo remembers each visitor's limit key (see limitKey) for one limit window, since asking
 *  the runtime for a request's address costs microseconds on every widget write.
 *  note: a visitor's requests within the window are counted against the address it was first seen
 *  at; counting by a key only its holder can use shifts nothing between addresses an attacker does
 *  not already control, and a caller without a known visitor is asked every time. */
export class AddressMemo {
  private byVisitor = new Map<string, { key: string; until: number }>();
  constructor(
    private now: () => number,
    private windowMs = 60_000,
    private max = 20_000,
  ) {}

  /** of answers the limit key of a request's client, asked of `ask` at most once per request, and
   *  once per window for a visitor when visitorId is given. */
  of(visitorId: string | undefined, ask: () => string): () => string {
    let key: string | undefined;
    return () => {
      if (key !== undefined) return key;
      if (visitorId === undefined) return (key = ask());
      const t = this.now();
      const hit = this.byVisitor.get(visitorId);
      if (hit && hit.until > t) return (key = hit.key);
      key = ask();
      remember(this.byVisitor, visitorId, { key, until: t + this.windowMs }, this.max);
      return key;
    };
  }
}
