// Console passwords hashed with Bun.password (argon2id); older PBKDF2 hashes still verify.
import { pbkdf2Passwords, type Passwords } from "../../lib/password";

/** argon2Passwords is what the executable uses: argon2id with Bun's defaults (64 MiB, t=2). */
export const argon2Passwords: Passwords = {
  hash: (password) => Bun.password.hash(password, { algorithm: "argon2id" }),
  verify: (password, hash) => (hash.startsWith("$argon2") ? Bun.password.verify(password, hash) : pbkdf2Passwords.verify(password, hash)),
};
