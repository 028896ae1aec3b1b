// Hashing, HMAC and constant-time comparison on WebCrypto, so the core runs on any runtime.
const encoder = new TextEncoder();

// note: a table of the 256 byte pairs: hashing runs on every operator request.
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

const toHex = (buf: ArrayBuffer) => {
  const bytes = new Uint8Array(buf);
  let out = "";
  for (const b of bytes) out += HEX[b];
  return out;
};

/** sha256Hex hashes a token for storage: tokens are never kept in clear. */
export async function sha256Hex(value: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

/** hmacSha256Hex is lowercase hex of HMAC-SHA256(key, message), both UTF-8. */
export async function hmacSha256Hex(key: string, message: string): Promise<string> {
  const k = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", k, encoder.encode(message)));
}

/** timingSafeEqual compares two strings in time that depends only on their length. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
