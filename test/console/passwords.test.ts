// Password hashing: argon2id in the executable, PBKDF2 as the runtime-neutral default, both verifying.
import { expect, test } from "bun:test";
import { pbkdf2Passwords } from "../../src/lib/password";
import { platform } from "../helpers/platform";

const argon2Passwords = platform.passwords;

test("the executable hashes with argon2id and verifies", async () => {
  const hash = await argon2Passwords.hash("correct horse battery");
  expect(hash.startsWith("$argon2id$")).toBe(true);
  expect(await argon2Passwords.verify("correct horse battery", hash)).toBe(true);
  expect(await argon2Passwords.verify("wrong horse battery", hash)).toBe(false);
});

// note: one hash from each runtime (Bun.password and @node-rs/argon2, "correct horse battery"), so an account
// made under one runtime signs in under the other.
test.each([
  ["Bun", "$argon2id$v=19$m=65536,t=2,p=1$xpnm9PfgsN2kn46GWBZmjfeBoDJVMsAZyPdoPwhSAN0$a90X+EiGDyaOeJaatBBy8FYxUlmiUESSZpurFVZf4q4"],
  ["Deno", "$argon2id$v=19$m=65536,t=2,p=1$bmbIL7+ETeQC/Muqah5WBw$sG5W+ZPGipYmekN2xbStYXdxo6/YiB8j6jAXDZvXCrQ"],
])("a hash made under %s verifies", async (_, hash) => {
  expect(await argon2Passwords.verify("correct horse battery", hash)).toBe(true);
  expect(await argon2Passwords.verify("correct horse batterY", hash)).toBe(false);
});

test("PBKDF2 hashes are salted, verify, and still verify under argon2Passwords", async () => {
  const a = await pbkdf2Passwords.hash("correct horse battery");
  const b = await pbkdf2Passwords.hash("correct horse battery");
  expect(a).not.toBe(b);
  expect(a).toStartWith("pbkdf2-sha256$600000$");
  expect(await pbkdf2Passwords.verify("correct horse battery", a)).toBe(true);
  expect(await pbkdf2Passwords.verify("correct horse batterY", a)).toBe(false);
  expect(await argon2Passwords.verify("correct horse battery", a)).toBe(true);
  expect(await pbkdf2Passwords.verify("x", "garbage")).toBe(false);
});
