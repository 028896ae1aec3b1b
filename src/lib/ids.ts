// Random identifiers and secrets: every random part comes from the platform's CSPRNG.
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** randomBase62 returns `length` uniformly random base62 characters (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    // note: Web Crypto hands out at most 65 536 bytes per call (Bun is lenient; Deno and browsers throw).
    const bytes = crypto.getRandomValues(new Uint8Array(Math.min((length - out.length) * 2, 65_536)));
    for (const b of bytes) {
      // note: 248 = 62 * 4, so bytes below it map onto the alphabet without bias.
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

/** newId makes an unguessable id with a readable prefix (≈131 bits of randomness). */
export const newId = (prefix: string) => `${prefix}_${randomBase62(22)}`;

/** The key and secret forms of CONTRACT §2. */
export const newWorkspaceKey = () => `pk_ws_${randomBase62(24)}`;
export const newAgentKey = () => `pk_ag_${randomBase62(24)}`;
export const newIdentitySecret = () => `sk_id_${randomBase62(40)}`;
export const newAdminToken = () => `woes_at_${randomBase62(40)}`;
export const newVisitorToken = () => `vt_${randomBase62(32)}`;
