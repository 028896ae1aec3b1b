// Where a mailed link leads (/c/<token>) and the chat page this server hosts (/chat/<key>): a redirect off this
// server only to an origin a live key lists, else this server's chat page with the token in its fragment.
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { widgetKeys } from "../../db/schema";
import { createConversationLink } from "../../src/mail/links";
import { makeApp, type TestApp } from "../helpers/app";
import { addKey, conversationOf, revokeKey, visitor } from "../helpers/builders";

const SERVER = "https://chat.example.com";
const SHOP = "https://shop.example.com";

/** world has a workspace on SERVER whose public key lists no origins, and one visitor's conversation. */
async function world() {
  const t = await makeApp({ config: { publicUrl: SERVER } });
  const id = await conversationOf(t, await visitor(t), "Where is my parcel?");
  return { t, id, key: t.ws.publicKey };
}
type World = Awaited<ReturnType<typeof world>>;

const setOrigins = async (t: TestApp, key: string, origins: string[]) => {
  await t.store.write((tx) => tx.update(widgetKeys).set({ allowedOrigins: origins }).where(eq(widgetKeys.key, key)).run());
  t.ctx.keys.invalidate();
};

describe("a mailed link /c/<token>", () => {
  // name, what the world holds, the page the visitor was on, where the link leads (null: no redirect), what the answer says
  const rows: [string, (w: World) => Promise<unknown>, string | null, (w: World) => Promise<string | null>, string | null][] = [
    ["a page on an origin a key lists", async (w) => addKey(w.t, { allowedOrigins: [SHOP] }), `${SHOP}/cart?x=1`, async () => `${SHOP}/cart?x=1#woes_resume=`, null],
    ["a page on an origin no key lists", async () => {}, "https://evil.example.net/login", async (w) => `/chat/${w.key}#woes_resume=`, null],
    ["a page on another origin, while a key lists the shop", async (w) => addKey(w.t, { allowedOrigins: [SHOP] }), "https://evil.example.net/login", async (w) => `/chat/${w.key}#woes_resume=`, null],
    ["a page on a revoked key's origin", async (w) => revokeKey(w.t, (await addKey(w.t, { allowedOrigins: [SHOP] })).key), `${SHOP}/cart`, async (w) => `/chat/${w.key}#woes_resume=`, null],
    ["a page that is no web address", async () => {}, "javascript:alert(1)", async (w) => `/chat/${w.key}#woes_resume=`, null],
    ["no page", async () => {}, null, async (w) => `/chat/${w.key}#woes_resume=`, null],
    ["every live key leaves this server out", async (w) => setOrigins(w.t, w.key, [SHOP]), "https://evil.example.net/login", async () => null, "Open the chat on the website"],
    ["only a key listing this server takes it", async (w) => setOrigins(w.t, w.key, [SHOP]).then(() => addKey(w.t, { allowedOrigins: [SERVER] })), null, async (w) => `/chat/${(await w.t.store.db.select().from(widgetKeys).all()).find((k) => k.allowedOrigins.includes(SERVER))!.key}#woes_resume=`, null],
  ];
  test.each(rows)("%s", async (_, arrange, pageUrl, expected, says) => {
    const w = await world();
    await arrange(w);
    const token = await createConversationLink(w.t.store, w.id, pageUrl, w.t.clock.now());
    const r = await w.t.call({ path: `/c/${token}` });
    const to = await expected(w);
    expect(r.status).toBe(to ? 302 : 200);
    expect(r.headers.get("location")).toBe(to ? `${to}${token}` : null);
    expect(r.headers.get("referrer-policy")).toBe("no-referrer");
    if (says) expect(r.text).toContain(says);
    expect(r.text).not.toContain(token);
    expect(r.text).not.toContain("evil.example.net");
  });

  test("an agent's conversation opens on this server with its agent's key", async () => {
    const w = await world();
    const agent = await addKey(w.t, { agent: { name: "Robo" } });
    const id = await conversationOf(w.t, await visitor(w.t, { key: agent.key }), "Refund please");
    const token = await createConversationLink(w.t.store, id, "https://evil.example.net/", w.t.clock.now());
    expect((await w.t.call({ path: `/c/${token}` })).headers.get("location")).toBe(`/chat/${agent.key}#woes_resume=${token}`);
  });

  test("an unknown token is not found", async () => {
    const w = await world();
    const r = await w.t.call({ path: `/c/${"A".repeat(32)}` });
    expect([r.status, r.headers.get("location")]).toEqual([404, null]);
  });
});

describe("the chat page /chat/<key>", () => {
  test("carries this server's widget for the key, never cached, framed or referred", async () => {
    const { t, key } = await world();
    const r = await t.call({ path: `/chat/${key}` });
    expect(r.status).toBe(200);
    expect(r.text).toContain(`data-public-key="${key}"`);
    expect(r.text).toContain(`src="${SERVER}/widget.js"`);
    expect(r.text).toContain(`data-api="${SERVER}/api/widget/messages"`);
    expect(r.text).toContain("<h1>Acme</h1>");
    expect(r.text).not.toContain(t.ws.identitySecret);
    expect(r.text).not.toContain("test page");
    for (const [name, value] of [["cache-control", "no-store"], ["x-frame-options", "DENY"], ["referrer-policy", "no-referrer"]]) expect(r.headers.get(name!)).toBe(value!);
  });

  test.each([
    ["an unknown key", async () => "pk_ws_unknown"],
    ["a revoked key", async (t: TestApp) => (await addKey(t).then(async (k) => (await revokeKey(t, k.key), k))).key],
    ["a key whose origins leave this server out", async (t: TestApp) => (await addKey(t, { allowedOrigins: [SHOP] })).key],
  ] as [string, (t: TestApp) => Promise<string>][])("%s is not found", async (_, keyOf) => {
    const { t } = await world();
    const r = await t.call({ path: `/chat/${await keyOf(t)}` });
    expect(r.status).toBe(404);
    expect(r.json.error).toEqual({ code: "not_found", message: "This widget key was not found." });
  });

  test("a key that lists this server's origin serves the page", async () => {
    const { t } = await world();
    const { key } = await addKey(t, { allowedOrigins: [SHOP, SERVER] });
    expect((await t.call({ path: `/chat/${key}` })).status).toBe(200);
  });
});
