// Random identifiers and secrets: every random part comes from the platform's CSPRNG.
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// note: random bytes are drawn from the CSPRNG in blocks and handed out once each, since a call
// per id (an allocation and a trip to the platform) showed on every message sent.
const POOL = 4096;
let pool = new Uint8Array(0);
let used = 0;

function randomByte(): number {
  if (used >= pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL));
    used = 0;
  }
  const b = pool[used]!;
  // note: a byte handed out is wiped from the pool, so nothing random stays behind in memory once used.
  pool[used++] = 0;
  return b;
}

/** randomBase62 returns `length` uniformly random base62 characters (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const b = randomByte();
    // note: 248 = 62 * 4, so bytes below it map onto the alphabet without bias.
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}

/** newId makes an unguessable id with a readable prefix (≈131 bits of randomness). */
export const newId = (prefix: string) => `${prefix}_${randomBase62(22)}`;

let lastMs = -1;
let lastPrefix = "";

/** timePrefix is a millisecond time as 8 base62 digits, which sort as the times do (until the year 8 000). */
export function timePrefix(ms: number): string {
  // note: ids made in the same millisecond share their prefix; it is worked out once.
  if (ms === lastMs) return lastPrefix;
  let out = "";
  for (let n = Math.max(0, Math.floor(ms)), i = 0; i < 8; i++, n = Math.floor(n / 62)) out = ALPHABET[n % 62] + out;
  lastMs = ms;
  return (lastPrefix = out);
}

/**
 * newOrderedId makes an id that sorts by creation time and is still unguessable: 8 time digits
 * then 14 random base62 characters (≈83 bits), the same 22 characters as newId.
 */
// note: new rows then land at the right end of the unique index instead of at random pages.
export const newOrderedId = (prefix: string, ms: number = Date.now()) => `${prefix}_${timePrefix(ms)}${randomBase62(14)}`;

/** The key and secret forms of CONTRACT §2. */
export const newWorkspaceKey = () => `pk_ws_${randomBase62(24)}`;
export const newAgentKey = () => `pk_ag_${randomBase62(24)}`;
export const newIdentitySecret = () => `sk_id_${randomBase62(40)}`;
export const newAdminToken = () => `woes_at_${randomBase62(40)}`;
export const newVisitorToken = () => `vt_${randomBase62(32)}`;
