// Password hashing behind one interface: PBKDF2 on WebCrypto here, argon2id from the platform.
import { timingSafeEqual } from "./crypto";

/** Passwords hashes and verifies console passwords; the executable injects argon2id. */
export interface Passwords {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

const encoder = new TextEncoder();
const ITERATIONS = 600_000;
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return b64(new Uint8Array(bits));
}

/** pbkdf2Passwords is the runtime-neutral default: PBKDF2-SHA256, 600 000 iterations, 16-byte salt. */
export const pbkdf2Passwords: Passwords = {
  async hash(password) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    return `pbkdf2-sha256$${ITERATIONS}$${b64(salt)}$${await derive(password, salt, ITERATIONS)}`;
  },
  async verify(password, stored) {
    const [scheme, iterations, salt, hash] = stored.split("$");
    const n = Number(iterations);
    if (scheme !== "pbkdf2-sha256" || !salt || !hash || !Number.isInteger(n) || n < 1 || n > 10_000_000) return false;
    return timingSafeEqual(await derive(password, unb64(salt), n), hash);
  },
};
