// Host name lookups, whatever the runtime: node:dns answers what the system resolver says (hosts file included) under either.
import { lookup } from "node:dns/promises";

/** lookupAll answers every address host resolves to (IPv4 and IPv6), as the runtime's fetch would connect to. */
export async function lookupAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}
