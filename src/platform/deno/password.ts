// Console passwords hashed with argon2id through @node-rs/argon2, with the parameters of the Bun build; PBKDF2 hashes still verify.
import { hash, verify } from "@node-rs/argon2";
import { pbkdf2Passwords, type Passwords } from "../../lib/password";

// note: the argon2id defaults of Bun's password API (64 MiB, t=2, one lane); the PHC string carries them, so
// either runtime verifies the other's hashes.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 65536, timeCost: 2, parallelism: 1 };

/** argon2Passwords is what the Deno server uses: argon2id, verified off the event loop by a native addon. */
export const argon2Passwords: Passwords = {
  hash: (password) => hash(password, OPTIONS),
  verify: (password, stored) => (stored.startsWith("$argon2") ? verify(stored, password).catch(() => false) : pbkdf2Passwords.verify(password, stored)),
};
