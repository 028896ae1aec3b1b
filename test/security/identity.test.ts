// The identify matrix through POST /api/widget/session: HMAC, JWT, unsigned, enforcement, rotation.
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { contacts, visitors } from "../../db/schema";
import { rotateIdentitySecret } from "../../src/domain/workspaces";
import { makeApp, type TestApp } from "../helpers/app";
import { assertNoLeak, conversationOf, count, expectError, hmac, jwt, rawJwt, setSettings, visitor } from "../helpers/builders";

const EMAIL = "ada@example.com";
const H = 3600;
type Proof = (t: TestApp, now: number) => Promise<Record<string, unknown>>;
const s = (t: TestApp) => t.ws.identitySecret;

/** Each row: an identity payload, and whether it verifies (and as whom) or is refused. */
const MATRIX: { name: string; identity: Proof; verified?: { email?: string; name?: string }; code?: string }[] = [
  { name: "HMAC valid", identity: async (t) => ({ email: EMAIL, name: "Ada", email_hash: await hmac(s(t), EMAIL) }), verified: { email: EMAIL, name: "Ada" } },
  { name: "HMAC of another email", identity: async (t) => ({ email: EMAIL, email_hash: await hmac(s(t), "eve@example.com") }), code: "identity_invalid" },
  { name: "HMAC with another secret", identity: async () => ({ email: EMAIL, email_hash: await hmac("sk_id_not_the_secret_0000000000000000", EMAIL) }), code: "identity_invalid" },
  { name: "HMAC upper-case hex", identity: async (t) => ({ email: EMAIL, email_hash: (await hmac(s(t), EMAIL)).toUpperCase() }), code: "identity_invalid" },
  { name: "HMAC truncated", identity: async (t) => ({ email: EMAIL, email_hash: (await hmac(s(t), EMAIL)).slice(0, 63) }), code: "identity_invalid" },
  { name: "HMAC empty string", identity: async () => ({ email: EMAIL, email_hash: "" }), code: "identity_invalid" },
  { name: "HMAC without email", identity: async (t) => ({ name: "Ada", email_hash: await hmac(s(t), EMAIL) }), code: "identity_invalid" },
  { name: "JWT valid (sub)", identity: async (t) => ({ jwt: await jwt(t, s(t), { sub: "user_123", email: EMAIL, name: "Ada" }) }), verified: { email: EMAIL, name: "Ada" } },
  { name: "JWT valid (email only)", identity: async (t) => ({ jwt: await jwt(t, s(t), { email: EMAIL }) }), verified: { email: EMAIL } },
  { name: "JWT aud = workspace id", identity: async (t) => ({ jwt: await jwt(t, s(t), { sub: "user_123", aud: t.ws.workspace.id }) }), verified: {} },
  { name: "JWT aud = another workspace", identity: async (t) => ({ jwt: await jwt(t, s(t), { sub: "user_123", aud: "ws_someone_else" }) }), code: "identity_invalid" },
  { name: "JWT aud list with a stranger", identity: async (t) => ({ jwt: await jwt(t, s(t), { sub: "user_123", aud: [t.ws.workspace.id, "ws_other"] }) }), code: "identity_invalid" },
  { name: "JWT alg none", identity: async (_t, now) => ({ jwt: await rawJwt("none", "", { sub: "user_123", iat: now, exp: now + H }) }), code: "identity_invalid" },
  { name: "JWT HS512", identity: async (t, now) => ({ jwt: await rawJwt("HS512", s(t), { sub: "user_123", iat: now, exp: now + H }) }), code: "identity_invalid" },
  { name: "JWT wrong secret", identity: async (t) => ({ jwt: await jwt(t, "sk_id_wrong_wrong_wrong_wrong_wrong_wrong", { sub: "user_123" }) }), code: "identity_invalid" },
  { name: "JWT expired", identity: async (t, now) => ({ jwt: await jwt(t, s(t), { sub: "user_123", iat: now - 2 * H, exp: now - 1 }) }), code: "identity_invalid" },
  { name: "JWT without exp", identity: async (t, now) => ({ jwt: await jwt(t, s(t), { sub: "user_123", iat: now, exp: undefined }) }), code: "identity_invalid" },
  { name: "JWT living 24 h + 1 s", identity: async (t, now) => ({ jwt: await jwt(t, s(t), { sub: "user_123", iat: now, exp: now + 24 * H + 1 }) }), code: "identity_invalid" },
  { name: "JWT living exactly 24 h", identity: async (t, now) => ({ jwt: await jwt(t, s(t), { sub: "user_123", iat: now, exp: now + 24 * H }) }), verified: {} },
  { name: "JWT without iat, exp 25 h away", identity: async (t, now) => ({ jwt: await jwt(t, s(t), { sub: "user_123", iat: undefined, exp: now + 25 * H }) }), code: "identity_invalid" },
  { name: "JWT with iat in the future to stretch its life", identity: async (t, now) => ({ jwt: await jwt(t, s(t), { sub: "user_123", iat: now + 30 * 24 * H, exp: now + 30 * 24 * H + H }) }), code: "identity_invalid" },
  { name: "JWT not yet valid (nbf)", identity: async (t, now) => ({ jwt: await jwt(t, s(t), { sub: "user_123", nbf: now + 600 }) }), code: "identity_invalid" },
  { name: "JWT with neither sub nor email", identity: async (t) => ({ jwt: await jwt(t, s(t), { name: "Ada" }) }), code: "identity_invalid" },
  { name: "JWT malformed", identity: async () => ({ jwt: "not.a.jwt" }), code: "identity_invalid" },
  { name: "JWT empty", identity: async () => ({ jwt: "" }), code: "identity_invalid" },
  { name: "JWT signed with the admin token", identity: async (t) => ({ jwt: await jwt(t, t.adminToken, { sub: "user_123" }) }), code: "identity_invalid" },
];

describe("identify through POST /api/widget/session", () => {
  for (const row of MATRIX) {
    test(`${row.name}: ${row.code ? `401 ${row.code}, nothing stored` : "verified"}`, async () => {
      const t = await makeApp();
      const v = await visitor(t, { identity: { name: "Before", email: "before@example.com" } });
      const before = await t.store.db.select().from(visitors).where(eq(visitors.id, v.id)).get();
      const identity = await row.identity(t, Math.floor(t.clock.now() / 1000));
      const r = await t.call({ path: "/api/widget/session", key: v.key, token: v.token, body: { identity } });
      assertNoLeak(r, [t.ws.identitySecret, t.adminToken]);
      if (row.code) {
        expectError(r, 401, row.code);
        expect(await t.store.db.select().from(visitors).where(eq(visitors.id, v.id)).get()).toEqual(before);
        expect(await count(t, "contact")).toBe(0);
        expect(await count(t, "visitor")).toBe(1);
      } else {
        expect(r.status).toBe(200);
        expect(r.json.visitor).toMatchObject({ id: v.id, verified: true, ...row.verified });
        expect(await count(t, "contact")).toBe(1);
      }
    });
  }
});

describe("a verified contact is keyed only by what was signed", () => {
  test("HMAC for one's own email plus someone else's id unlocks nothing of theirs", async () => {
    const t = await makeApp();
    const victim = await visitor(t, { identity: { jwt: await jwt(t, s(t), { sub: "user_victim", email: "victim@example.com" }) } });
    const conv = await conversationOf(t, victim, "VICTIM_PRIVATE");
    const eve = "eve@example.com";
    const r = await t.call({ path: "/api/widget/session", key: t.ws.publicKey, body: { identity: { email: eve, id: "user_victim", email_hash: await hmac(s(t), eve) } } });
    expect(r.status).toBe(200);
    expect(r.json.visitor.verified).toBe(true);
    expect(r.json.conversations).toEqual([]);
    assertNoLeak(r, [conv, "VICTIM_PRIVATE", victim.token]);
    const history = await t.call({ path: `/api/widget/messages?conversation=${conv}`, key: t.ws.publicKey, token: r.json.visitor.token });
    expectError(history, 404, "conversation_not_found");
    expect((await t.store.db.select({ key: contacts.externalKey }).from(contacts).all()).map((c) => c.key).sort()).toEqual([`email:${eve}`, "sub:user_victim"]);
  });

  test("an HMAC proof (it signs the email only) never overwrites what a JWT signed for the contact", async () => {
    const t = await makeApp();
    const signed = { email: EMAIL, name: "Grace Hopper", company: "US Navy" };
    const laptop = await visitor(t, { identity: { jwt: await jwt(t, s(t), signed) } });
    const before = await t.store.db.select().from(contacts).all();
    const phone = await visitor(t, { identity: { email: EMAIL, name: "Mallory", company: "Evil Corp", id: "user_evil", email_hash: await hmac(s(t), EMAIL) } });
    expect(phone.session.visitor).toMatchObject({ verified: true, ...signed });
    expect(await t.store.db.select().from(contacts).all()).toEqual(before);
    const again = await t.call({ path: "/api/widget/session", key: laptop.key, token: laptop.token, body: {} });
    expect(again.json.visitor).toMatchObject({ verified: true, ...signed });
    assertNoLeak(again, ["Mallory", "Evil Corp", "user_evil"]);
    const conv = await conversationOf(t, phone, "Hello from the phone");
    const detail = await t.admin({ path: `/api/admin/conversations/${conv}` });
    expect(detail.json.conversation.messages[0].author.name).toBe("Grace Hopper");
  });

  test("unsigned identify with a verified contact's email sees none of their conversations", async () => {
    const t = await makeApp();
    const ada = await visitor(t, { identity: { email: EMAIL, email_hash: await hmac(s(t), EMAIL) } });
    const conv = await conversationOf(t, ada, "ADA_PRIVATE");
    const impostor = await visitor(t, { identity: { email: EMAIL, name: "Ada", id: "user_123" } });
    expect(impostor.session.visitor.verified).toBe(false);
    expect(impostor.session.conversations).toEqual([]);
    const r = await t.call({ path: `/api/widget/messages?conversation=${conv}`, key: impostor.key, token: impostor.token });
    expectError(r, 404);
    assertNoLeak(r, ["ADA_PRIVATE"]);
  });

  test("a verified contact sees their conversations from a second device", async () => {
    const t = await makeApp();
    const laptop = await visitor(t, { identity: { jwt: await jwt(t, s(t), { sub: "user_123" }) } });
    const conv = await conversationOf(t, laptop, "From the laptop");
    const phone = await visitor(t, { identity: { jwt: await jwt(t, s(t), { sub: "user_123" }) } });
    expect(phone.token).not.toBe(laptop.token);
    expect(phone.session.conversations.map((c: any) => c.id)).toEqual([conv]);
    const r = await t.call({ path: `/api/widget/messages?conversation=${conv}`, key: phone.key, token: phone.token });
    expect(r.json.messages.map((m: any) => m.body)).toEqual(["From the laptop"]);
    assertNoLeak(r, [laptop.token]);
  });

  test("a name signed on the second device reaches the first device's next message", async () => {
    const t = await makeApp();
    const laptop = await visitor(t, { identity: { jwt: await jwt(t, s(t), { sub: "user_123", name: "Ada" }) } });
    const conv = await conversationOf(t, laptop, "From the laptop");
    await visitor(t, { identity: { jwt: await jwt(t, s(t), { sub: "user_123", name: "Ada Lovelace" }) } });
    await t.call({ path: "/api/widget/messages", key: laptop.key, token: laptop.token, body: { conversationId: conv, body: "Still me" } });
    const detail = await t.admin({ path: `/api/admin/conversations/${conv}` });
    expect(detail.json.conversation.messages.map((m: any) => [m.body, m.author.name])).toEqual([
      ["From the laptop", "Ada"],
      ["Still me", "Ada Lovelace"],
    ]);
  });

  test("a conversation read while anonymous is readable from the contact's second device after verification", async () => {
    const t = await makeApp();
    const laptop = await visitor(t);
    const conv = await conversationOf(t, laptop, "Asked before signing in");
    expect((await t.call({ path: `/api/widget/messages?conversation=${conv}`, key: laptop.key, token: laptop.token })).status).toBe(200);
    const identity = { jwt: await jwt(t, s(t), { sub: "user_123" }) };
    await visitor(t, { token: laptop.token, identity });
    const phone = await visitor(t, { identity });
    const r = await t.call({ path: `/api/widget/messages?conversation=${conv}`, key: phone.key, token: phone.token });
    expect(r.status).toBe(200);
    expect(r.json.messages.map((m: any) => m.body)).toEqual(["Asked before signing in"]);
  });

  test("anonymous conversations join the contact on verification; another customer on the same device starts fresh", async () => {
    const t = await makeApp();
    const v = await visitor(t);
    const conv = await conversationOf(t, v, "Before signing in");
    const ada = await visitor(t, { token: v.token, identity: { email: EMAIL, email_hash: await hmac(s(t), EMAIL) } });
    expect(ada.id).toBe(v.id);
    expect(ada.session.conversations.map((c: any) => c.id)).toEqual([conv]);
    const bob = await visitor(t, { token: ada.token, identity: { jwt: await jwt(t, s(t), { sub: "user_bob" }) } });
    expect(bob.id).not.toBe(ada.id);
    expect(bob.session.conversations).toEqual([]);
  });
});

describe("enforcement: settings.identity = required", () => {
  const rows: { name: string; identity?: Proof; status: number; code?: string }[] = [
    { name: "unsigned attributes", identity: async () => ({ email: EMAIL, name: "Ada" }), status: 401, code: "identity_verification_required" },
    { name: "only an id", identity: async () => ({ id: "user_123" }), status: 401, code: "identity_verification_required" },
    { name: "a valid HMAC", identity: async (t) => ({ email: EMAIL, email_hash: await hmac(s(t), EMAIL) }), status: 200 },
    { name: "a valid JWT", identity: async (t) => ({ jwt: await jwt(t, s(t), { sub: "user_123" }) }), status: 200 },
    { name: "an invalid JWT", identity: async () => ({ jwt: "x.y.z" }), status: 401, code: "identity_invalid" },
    { name: "no identify at all (an anonymous visitor)", status: 200 },
  ];
  for (const row of rows) {
    test(`${row.name}: ${row.status}${row.code ? ` ${row.code}` : ""}`, async () => {
      const t = await makeApp();
      await setSettings(t, { identity: "required" });
      const body = row.identity ? { identity: await row.identity(t, Math.floor(t.clock.now() / 1000)) } : {};
      const r = await t.call({ path: "/api/widget/session", key: t.ws.publicKey, body });
      expect(r.status).toBe(row.status);
      if (row.code) {
        expectError(r, row.status, row.code);
        expect(await count(t, "visitor")).toBe(0);
      }
    });
  }
});

describe("identity secret rotation", () => {
  test("the previous secret verifies during the grace period only; the new one at once", async () => {
    const t = await makeApp();
    const old = t.ws.identitySecret;
    const { identitySecret: fresh } = await rotateIdentitySecret(t.store, t.ws.workspace.id, 24, t.clock.now());
    const tryWith = async (secret: string) => {
      const byHmac = await t.call({ path: "/api/widget/session", key: t.ws.publicKey, body: { identity: { email: EMAIL, email_hash: await hmac(secret, EMAIL) } } });
      const byJwt = await t.call({ path: "/api/widget/session", key: t.ws.publicKey, body: { identity: { jwt: await jwt(t, secret, { sub: "user_123" }) } } });
      return [byHmac.status, byJwt.status];
    };
    expect(await tryWith(fresh)).toEqual([200, 200]);
    expect(await tryWith(old)).toEqual([200, 200]);
    t.clock.advance(23 * 3_600_000);
    expect(await tryWith(old)).toEqual([200, 200]);
    t.clock.advance(3_600_000);
    expect(await tryWith(old)).toEqual([401, 401]);
    expect(await tryWith(fresh)).toEqual([200, 200]);
  });

  test("a second rotation ends the grace of the first secret's successor only after its own grace", async () => {
    const t = await makeApp();
    const first = t.ws.identitySecret;
    const { identitySecret: second } = await rotateIdentitySecret(t.store, t.ws.workspace.id, 24, t.clock.now());
    t.clock.advance(3_600_000);
    await rotateIdentitySecret(t.store, t.ws.workspace.id, 24, t.clock.now());
    const ok = async (secret: string) => (await t.call({ path: "/api/widget/session", key: t.ws.publicKey, body: { identity: { email: EMAIL, email_hash: await hmac(secret, EMAIL) } } })).status;
    expect(await ok(first)).toBe(200);
    expect(await ok(second)).toBe(200);
    t.clock.advance(23 * 3_600_000);
    expect(await ok(first)).toBe(401);
    expect(await ok(second)).toBe(200);
  });

  test("another workspace's secret verifies nothing here", async () => {
    const t = await makeApp();
    const { createWorkspace } = await import("../../src/domain/workspaces");
    const other = await createWorkspace(t.store, "Globex", t.clock.now());
    const r = await t.call({ path: "/api/widget/session", key: t.ws.publicKey, body: { identity: { email: EMAIL, email_hash: await hmac(other.identitySecret, EMAIL) } } });
    expectError(r, 401, "identity_invalid");
  });
});
