// Whether a URL names a host on the server's own machine or network: by its literal host, or by what its name resolves to.
import { ipv6Groups } from "./address";
import { bounded } from "./deadline";

/** ResolveHost answers every address a host name resolves to (the platform's resolver; see src/platform/dns.ts). */
export type ResolveHost = (host: string) => Promise<string[]>;

// note: [first address as a 32-bit number, prefix length]; the metadata services live in these too
// (169.254.169.254 on most clouds, 100.100.100.200 on Alibaba, 192.0.0.192 on Oracle).
const V4: [number, number][] = [
  [0x00000000, 8], // "this network", 0.0.0.0 included
  [0x0a000000, 8], // private (RFC 1918)
  [0x64400000, 10], // shared address space (carrier-grade NAT, RFC 6598)
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local
  [0xac100000, 12], // private (RFC 1918)
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0a80000, 16], // private (RFC 1918)
  [0xe0000000, 3], // multicast, reserved and broadcast
];

// note: names that reach this machine or a cloud's metadata service whatever the DNS says.
const NAMES = /^(localhost|.*\.localhost|metadata\.google\.internal)$/;

const inV4 = (n: number) => V4.some(([net, bits]) => n >>> (32 - bits) === net >>> (32 - bits));

const hostOf = (url: string) => new URL(url).hostname.toLowerCase().replace(/\.$/, "");
// note: the URL parser has already turned every IPv4 spelling (decimal, hex, octal) into a.b.c.d.
const V4_LITERAL = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;
const isLiteral = (host: string) => host.startsWith("[") || V4_LITERAL.test(host);

/** LOOKUP_MS bounds one name's lookup: a resolver that has not answered by then has answered nothing. */
export const LOOKUP_MS = 5_000;

/** Reach is where an http(s) URL leads: into the server's own machine or network ("own"), elsewhere ("public"), or
 *  nowhere (a name that resolves to no address within LOOKUP_MS: "unresolved"). */
export type Reach = "own" | "public" | "unresolved";

/** reach judges an http(s) URL's host: "own" for a loopback, link-local, private, unspecified, multicast or metadata
 *  address, a name for one (localhost, *.localhost), or a name that resolves (now) to any such address.
 *  note: the answer holds for this lookup; a name whose records change between it and the connection (DNS rebinding)
 *  is not caught, which is why a provider's URL is judged again before each call, not only when it is saved. */
export async function reach(url: string, resolveHost: ResolveHost, ms = LOOKUP_MS): Promise<Reach> {
  const host = hostOf(url);
  if (NAMES.test(host)) return "own";
  if (isLiteral(host)) return isPrivateAddress(host.startsWith("[") ? host.slice(1, -1) : host) ? "own" : "public";
  const addresses = await bounded(resolveHost(host), ms).catch(() => [] as string[]);
  if (addresses.length === 0) return "unresolved";
  return addresses.some(isPrivateAddress) ? "own" : "public";
}

/** isPrivateAddress judges one address as a resolver answers it: IPv4 a.b.c.d, or IPv6 without brackets. */
export function isPrivateAddress(address: string): boolean {
  // note: a resolver writes an IPv4-mapped address with a dotted tail (::ffff:127.0.0.1); the URL parser never does.
  const tail = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (tail) {
    const [a, b, c, d] = tail.slice(2).map(Number) as [number, number, number, number];
    return privateV6(`${tail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`);
  }
  if (address.includes(":")) return privateV6(address);
  const v4 = V4_LITERAL.exec(address);
  return !!v4 && inV4(v4.slice(1).reduce((n, part) => n * 256 + Number(part), 0));
}

function privateV6(address: string): boolean {
  const g = ipv6Groups(address).map((x) => parseInt(x, 16));
  // note: an IPv4 address inside IPv6 (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d) is judged as IPv4.
  const zeros = g.slice(0, 5).every((x) => x === 0);
  if ((zeros && (g[5] === 0 || g[5] === 0xffff)) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))) {
    if (zeros && g[5] === 0 && g[6] === 0) return true; // :: and ::1
    return inV4(g[6]! * 0x10000 + g[7]!);
  }
  const first = g[0]!;
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0 || (first & 0xff00) === 0xff00;
}
