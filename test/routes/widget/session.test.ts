// POST /api/widget/session: create or resume the visitor, apply identify, answer the public config.
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { visitors } from "../../../db/schema";
import { keyRevoke } from "../../../src/cli/commands";
import { KEY_TTL_MS } from "../../../src/domain/keys";
import { makeApp } from "../../helpers/app";
import { BUG_FORM, addKey, as, conversationOf, hmac, jwt, makeWorld, revokeKey, scenarios, send, setSettings, visitor } from "../../helpers/builders";

const SESSION = "/api/widget/session";
const ANSWER_KEYS = ["conversations", "settings", "unreadCount", "visitor", "workspace"];
const CONVERSATION_KEYS = ["createdAt", "id", "kind", "lastMessage", "status", "unreadCount", "updatedAt"];
const MESSAGE_KEYS = ["author", "body", "conversationId", "createdAt", "id"];

describe("POST /api/widget/session", () => {
  scenarios(makeWorld, [
    {
      name: "a new visitor gets a token, the workspace name and default settings",
      request: (w) => ({ path: SESSION, key: w.t.ws.publicKey, body: {} }),
      status: 200,
      expectedContent: () => ['"name":"Acme"', '"identity":"optional"', '"survey":null', '"ticketForms":[]', '"verified":false'],
      check: ({ json: j }, w) => {
        expect(Object.keys(j).sort()).toEqual(ANSWER_KEYS);
        expect(j.visitor.token).toMatch(/^vt_[0-9A-Za-z]{32}$/);
        expect(j.visitor.id).not.toBe(w.a.id);
        expect(j.conversations).toEqual([]);
        expect(j.unreadCount).toBe(0);
      },
    },
    {
      name: "a returning visitor resumes: same id, its conversations with unread count and last public message",
      request: (w) => as(w.a, { path: SESSION, body: {} }),
      status: 200,
      expectedContent: (w) => [w.a.id, w.convA, "Agent answer for Ada", '"unreadCount":2'],
      check: ({ json: j }, w) => {
        expect(j.visitor).toEqual({ token: w.a.token, id: w.a.id, verified: false, name: "Ada", email: "ada@example.com" });
        expect(j.conversations.map((c: any) => c.id)).toEqual([w.convA]);
        const [c] = j.conversations;
        expect(Object.keys(c).sort()).toEqual(CONVERSATION_KEYS);
        expect(Object.keys(c.lastMessage).sort()).toEqual(MESSAGE_KEYS);
        expect(c.lastMessage.author).toEqual({ kind: "agent", name: "Helper Bot" });
      },
    },
    {
      name: "a token from another workspace is ignored: a fresh visitor of this workspace",
      request: (w) => ({ path: SESSION, key: w.t.ws.publicKey, token: w.c.token, body: {} }),
      status: 200,
      check: ({ json: j }, w) => {
        expect(j.visitor.id).not.toBe(w.c.id);
        expect(j.visitor.token).not.toBe(w.c.token);
        expect(j.conversations).toEqual([]);
      },
    },
    {
      name: "an unknown token is ignored: a fresh visitor",
      request: (w) => ({ path: SESSION, key: w.t.ws.publicKey, token: "vt_not_a_real_token", body: {} }),
      status: 200,
      check: ({ json: j }, w) => expect([w.a.id, w.b.id]).not.toContain(j.visitor.id),
    },
    {
      name: "an agent key answers the agent's public name, never its instructions",
      request: (w) => ({ path: SESSION, key: w.agent.key, body: {} }),
      status: 200,
      expectedContent: () => ['"agent":{"name":"Helper Bot"}'],
      check: ({ json: j }) => expect(Object.keys(j).sort()).toEqual(["agent", ...ANSWER_KEYS].sort()),
    },
    {
      name: "unsigned identify is stored on the visitor, unverified",
      request: (w) => as(w.a, { path: SESSION, body: { identity: { name: "Ada L.", company: "Example API Co", id: "user_123" } } }),
      status: 200,
      check: async ({ json: j }, w) => {
        expect(j.visitor).toMatchObject({ verified: false, name: "Ada L.", company: "Example API Co" });
        const row = (await w.t.store.db.select().from(visitors).where(eq(visitors.id, w.a.id)).get())!;
        expect(row).toMatchObject({ name: "Ada L.", company: "Example API Co", userId: "user_123", contactId: null });
      },
    },
    {
      name: "page and locale are recorded on the visitor",
      request: (w) => as(w.a, { path: SESSION, body: { page: { url: "https://shop.example/cart", title: "Cart" }, locale: "fr-FR" } }),
      status: 200,
      check: async (_r, w) => {
        const row = (await w.t.store.db.select().from(visitors).where(eq(visitors.id, w.a.id)).get())!;
        expect(row.lastPage).toEqual({ url: "https://shop.example/cart", title: "Cart" });
        expect(row.locale).toBe("fr-FR");
      },
    },
    {
      name: "a resume token moved by a hash router (#/woes_resume=) is dropped too",
      request: (w) => as(w.a, { path: SESSION, body: { page: { url: "https://shop.example/#/woes_resume=0123456789abcdefABCDEF0123456789" } } }),
      status: 200,
      check: async (_r, w) => expect((await w.t.store.db.select().from(visitors).where(eq(visitors.id, w.a.id)).get())!.lastPage).toEqual({ url: "https://shop.example/#/" }),
    },
    {
      name: "a resume token written percent-encoded takes the whole query and fragment with it",
      request: (w) => as(w.a, { path: SESSION, body: { page: { url: "https://shop.example/p?x=1#%77oes_resume=0123456789abcdefABCDEF0123456789" } } }),
      status: 200,
      check: async (_r, w) => expect((await w.t.store.db.select().from(visitors).where(eq(visitors.id, w.a.id)).get())!.lastPage).toEqual({ url: "https://shop.example/p" }),
    },
    {
      name: "a mailed link's resume token is never kept in the page address operators see; the rest of the fragment is",
      request: (w) => as(w.a, { path: SESSION, body: { page: { url: "https://shop.example/app#woes_resume=0123456789abcdefABCDEF0123456789&tab=2" } } }),
      status: 200,
      check: async (_r, w) => {
        const row = (await w.t.store.db.select().from(visitors).where(eq(visitors.id, w.a.id)).get())!;
        expect(row.lastPage).toEqual({ url: "https://shop.example/app#tab=2" });
      },
    },
    {
      name: "settings come from the workspace: survey, theme, identity mode and ticket forms",
      request: async (w) => {
        await setSettings(w.t, { survey: "nps", theme: "dark", ticketForms: [BUG_FORM] });
        return { path: SESSION, key: w.t.ws.publicKey, body: {} };
      },
      status: 200,
      check: ({ json: j }) => expect(j.settings).toEqual({ theme: "dark", identity: "optional", survey: "nps", ticketForms: [BUG_FORM] }),
    },
    { name: "no key: 401 key_required", request: () => ({ path: SESSION, body: {} }), status: 401, code: "key_required" },
    { name: "unknown key: 401 invalid_key", request: () => ({ path: SESSION, key: "pk_ws_000000000000000000000000", body: {} }), status: 401, code: "invalid_key" },
    { name: "a key over 100 characters: 401 invalid_key", request: () => ({ path: SESSION, key: `pk_ws_${"x".repeat(200)}`, body: {} }), status: 401, code: "invalid_key" },
    {
      name: "revoked key: 401 key_revoked",
      request: async (w) => {
        await revokeKey(w.t, w.t.ws.publicKey);
        return { path: SESSION, key: w.t.ws.publicKey, body: {} };
      },
      status: 401,
      code: "key_revoked",
    },
    { name: "identity.email that is not an email: 422 naming the field", request: (w) => ({ path: SESSION, key: w.t.ws.publicKey, body: { identity: { email: "not-an-email" } } }), status: 422, code: "invalid_field", check: ({ json: j }) => expect(j.error.field).toBe("identity.email") },
    { name: "a page without url: 422 naming page.url", request: (w) => ({ path: SESSION, key: w.t.ws.publicKey, body: { page: { title: "x" } } }), status: 422, check: ({ json: j }) => expect(j.error.field).toBe("page.url") },
    { name: "a locale over 35 characters: 422", request: (w) => ({ path: SESSION, key: w.t.ws.publicKey, body: { locale: "x".repeat(36) } }), status: 422, check: ({ json: j }) => expect(j.error.field).toBe("locale") },
  ]);
});

describe("session: verified attributes and agent avatars", () => {
  test("an unsigned identify after verification never changes the verified attributes", async () => {
    const t = await makeApp();
    const email = "ada@example.com";
    const first = await t.session({ identity: { jwt: await jwt(t, t.ws.identitySecret, { email, name: "Ada Lovelace" }) } });
    expect(first.json.visitor).toMatchObject({ verified: true, name: "Ada Lovelace", email });
    const second = await t.session({ token: first.json.visitor.token, identity: { name: "Mallory", email: "mallory@example.com" } });
    expect(second.json.visitor).toMatchObject({ id: first.json.visitor.id, verified: true, name: "Ada Lovelace", email });
    // note: an HMAC proof signs the email only: it keeps the email verified, and its name stays an unverified attribute.
    const byHmac = await t.session({ identity: { email, name: "Ada L.", email_hash: await hmac(t.ws.identitySecret, email) } });
    const third = await t.session({ token: byHmac.json.visitor.token, identity: { name: "Mallory", email: "mallory@example.com" } });
    expect(third.json.visitor).toMatchObject({ verified: true, name: "Ada Lovelace", email });
  });

  test("an agent key with an avatar answers it", async () => {
    const t = await makeApp();
    const k = await addKey(t, { agent: { name: "Nova", avatarUrl: "https://cdn.example/nova.png" } });
    const r = await t.session({ key: k.key });
    expect(r.json.agent).toEqual({ name: "Nova", avatarUrl: "https://cdn.example/nova.png" });
  });
});

describe("session: keys changed by another process", () => {
  test("a key revoked with `woes key revoke` (the CLI, beside the running server) stops working within seconds", async () => {
    const t = await makeApp();
    const call = () => t.call({ path: SESSION, key: t.ws.publicKey, body: {} });
    expect((await call()).status).toBe(200);
    await keyRevoke(t.store, t.ws.publicKey, t.clock.now());
    t.clock.advance(KEY_TTL_MS);
    const after = await call();
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe("key_revoked");
  });
});

describe("session: unread beyond the list", () => {
  test("a reply in a conversation older than the 50 the list shows still counts in unreadCount", async () => {
    const t = await makeApp({ config: { limits: { conversationsPerHour: 100, messagesPerMinute: 200 } } });
    const v = await visitor(t);
    const ids: string[] = [];
    for (let i = 0; i < 51; i++) {
      t.clock.advance(1_000);
      ids.push(await conversationOf(t, v, `Question ${i}`));
    }
    expect((await t.admin({ path: `/api/admin/conversations/${ids[0]}/messages`, body: { body: "An answer to the oldest" } })).status).toBe(201);
    // note: the reply moved the oldest to the top; one more newer conversation pushes it out of the 50 again.
    for (let i = 0; i < 50; i++) {
      t.clock.advance(1_000);
      await send(t, v, { conversationId: ids[i + 1]!, body: "still here" });
    }
    const r = await t.call({ path: SESSION, key: v.key, token: v.token, body: {} });
    expect(r.json.conversations).toHaveLength(50);
    expect(r.json.conversations.map((c: { id: string }) => c.id)).not.toContain(ids[0]);
    expect(r.json.unreadCount).toBe(1);
  }, 30_000);
});
