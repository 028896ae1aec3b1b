// verifyIdentity on its own: what each proof yields, and that only what was signed keys a contact.
import { describe, expect, test } from "bun:test";
import { SignJWT } from "jose";
import { verifyIdentity, type IdentityInput } from "../../src/domain/identity";
import { hmacSha256Hex } from "../../src/lib/crypto";
import { rawJwt } from "../helpers/builders";

const SECRET = "sk_id_unitunitunitunitunitunitunitunit00";
const PREVIOUS = "sk_id_previouspreviouspreviousprevious00";
const WS = "ws_unit";
const NOW = Date.parse("2026-11-24T12:00:00Z");
const NOW_S = NOW / 1000;
const sign = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT({ iat: NOW_S, exp: NOW_S + 600, ...claims }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(secret));

const ROWS: { name: string; input: () => Promise<IdentityInput>; secrets?: string[]; externalKey?: string; attrs?: Record<string, unknown>; unsigned?: boolean }[] = [
  { name: "unsigned attributes stay unverified", input: async () => ({ email: "a@x.io", name: "A", id: "u1" }), unsigned: true, attrs: { email: "a@x.io", name: "A", userId: "u1" } },
  { name: "HMAC keys by email; the id beside it is dropped", input: async () => ({ email: "a@x.io", id: "victim", email_hash: await hmacSha256Hex(SECRET, "a@x.io") }), externalKey: "email:a@x.io", attrs: { email: "a@x.io" } },
  { name: "HMAC with the previous secret in grace", input: async () => ({ email: "a@x.io", email_hash: await hmacSha256Hex(PREVIOUS, "a@x.io") }), secrets: [SECRET, PREVIOUS], externalKey: "email:a@x.io" },
  { name: "JWT keys by sub before email", input: async () => ({ jwt: await sign({ sub: "u1", email: "a@x.io", name: "A", company: "C" }) }), externalKey: "sub:u1", attrs: { userId: "u1", email: "a@x.io", name: "A", company: "C" } },
  { name: "JWT keys by email without sub", input: async () => ({ jwt: await sign({ email: "a@x.io" }) }), externalKey: "email:a@x.io" },
  { name: "JWT signed by the previous secret in grace", input: async () => ({ jwt: await sign({ sub: "u1" }, PREVIOUS) }), secrets: [SECRET, PREVIOUS], externalKey: "sub:u1" },
  { name: "JWT aud as a one-element list of the workspace", input: async () => ({ jwt: await sign({ sub: "u1", aud: [WS] }) }), externalKey: "sub:u1" },
  { name: "JWT name over 200 characters is dropped, not trusted", input: async () => ({ jwt: await sign({ sub: "u1", name: "n".repeat(201) }) }), externalKey: "sub:u1", attrs: { userId: "u1" } },
];

const REFUSED: { name: string; input: () => Promise<IdentityInput>; secrets?: string[] }[] = [
  { name: "HMAC when the workspace has no valid secret", input: async () => ({ email: "a@x.io", email_hash: await hmacSha256Hex(SECRET, "a@x.io") }), secrets: [] },
  { name: "HMAC with a hash of the wrong length", input: async () => ({ email: "a@x.io", email_hash: "00" }) },
  { name: "HMAC of the email with different case", input: async () => ({ email: "A@x.io", email_hash: await hmacSha256Hex(SECRET, "a@x.io") }) },
  { name: "JWT by a retired secret past grace", input: async () => ({ jwt: await sign({ sub: "u1" }, PREVIOUS) }) },
  { name: "JWT alg none", input: async () => ({ jwt: await rawJwt("none", "", { sub: "u1", iat: NOW_S, exp: NOW_S + 60 }) }) },
  { name: "JWT HS512 with the right secret", input: async () => ({ jwt: await rawJwt("HS512", SECRET, { sub: "u1", iat: NOW_S, exp: NOW_S + 60 }) }) },
  { name: "JWT with an empty sub and no email", input: async () => ({ jwt: await sign({ sub: "" }) }) },
  { name: "JWT over 8192 characters", input: async () => ({ jwt: await sign({ sub: "u1", pad: "p".repeat(9000) }) }) },
  { name: "JWT whose signature was swapped from another token", input: async () => {
    const [h, p] = (await sign({ sub: "victim" })).split(".");
    const sig = (await sign({ sub: "eve" })).split(".")[2];
    return { jwt: `${h}.${p}.${sig}` };
  } },
];

describe("verifyIdentity", () => {
  for (const row of ROWS) {
    test(row.name, async () => {
      const r = await verifyIdentity(await row.input(), row.secrets ?? [SECRET], WS, NOW);
      expect(r.verified).toBe(!row.unsigned);
      if (r.verified) expect(r.externalKey).toBe(row.externalKey!);
      if (row.attrs) expect(Object.fromEntries(Object.entries(r.attrs).filter(([, v]) => v !== undefined))).toEqual(row.attrs);
    });
  }
  for (const row of REFUSED) {
    test(`${row.name}: identity_invalid`, async () => {
      const error = await verifyIdentity(await row.input(), row.secrets ?? [SECRET], WS, NOW).then(() => null, (e) => e);
      expect(error).toMatchObject({ status: 401, code: "identity_invalid" });
      expect(String(error.message)).not.toContain(SECRET);
    });
  }
});
