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
