// An open widget stream asks again, before each change it delivers and at each heartbeat, whether its key and token
// still hold (a waiting long poll, when it wakes): a revoked key, an origin taken off the key's list, or a token replaced by a resume ends it.
import { describe, expect, test } from "bun:test";
import { createConversationLink } from "../../../src/mail/links";
import { addKey, conversationOf, expectError, openStream, visitor, type Visitor } from "../../helpers/builders";
import { makeApp, type TestApp } from "../../helpers/app";
import { sleep } from "../../runtime/neutral";

const HEARTBEAT_MS = 100;
const SHOP = "https://shop.example";
const ws = (t: TestApp) => `/api/admin/workspaces/${t.ws.workspace.id}`;

interface World {
  t: TestApp;
  v: Visitor;
  conv: string;
}

async function world(): Promise<World> {
  const t = await makeApp({ heartbeatMs: HEARTBEAT_MS });
  const key = await addKey(t);
  const v = await visitor(t, { key: key.key });
  return { t, v, conv: await conversationOf(t, v, "Hello, is anyone there?") };
}

const reply = async (w: World, body: string) => expect((await w.t.admin({ path: `/api/admin/conversations/${w.conv}/messages`, body: { body } })).status).toBe(201);

// name, what happens while the stream is open, whether the stream should end
const rows: [string, (w: World) => Promise<void>, boolean][] = [
  ["the key is revoked", async (w) => expect((await w.t.admin({ method: "DELETE", path: `${ws(w.t)}/keys/${w.v.key}` })).status).toBe(204), true],
  ["the key no longer lists the page's origin", async (w) => expect((await w.t.admin({ method: "PATCH", path: `${ws(w.t)}/keys/${w.v.key}`, body: { allowedOrigins: ["https://other.example"] } })).status).toBe(200), true],
  [
    "another browser resumes the conversation from a mailed link (the token is replaced)",
    async (w) => {
      const link = await createConversationLink(w.t.store, w.conv, null, w.t.clock.now());
      const r = await w.t.call({ path: "/api/widget/session", key: w.v.key, body: { resume: link } });
      expect([r.status, r.json.visitor.id]).toEqual([200, w.v.id]);
      expect(r.json.visitor.token).not.toBe(w.v.token);
    },
    true,
  ],
  ["nothing changes (a new visitor on the same key)", async (w) => void (await w.t.call({ path: "/api/widget/session", key: w.v.key, body: {} })), false],
];

describe("GET /api/widget/messages/stream asks again whether its caller may listen", () => {
  test.each(rows)("%s", async (_name, change, ends) => {
    const w = await world();
    const s = await openStream(w.t, w.v, { origin: SHOP });
    try {
      expect(s.res.status).toBe(200);
      await s.until(() => s.of("unread").length > 0);
      await reply(w, "Before the change");
      await s.until(() => s.of("message").length === 1);
      await change(w);
      // note: a reply right after the change, before any heartbeat, never arrives.
      await reply(w, "After the change");
      await sleep(HEARTBEAT_MS * 3);
      expect(s.ended()).toBe(ends);
      expect(s.of("message").map((e) => e.data.message.body)).toEqual(ends ? ["Before the change"] : ["Before the change", "After the change"]);
    } finally {
      await s.close();
    }
  });

  test("with no change to deliver, the stream still ends within a heartbeat", async () => {
    const w = await world();
    const s = await openStream(w.t, w.v);
    try {
      await s.until(() => s.of("unread").length > 0);
      expect((await w.t.admin({ method: "DELETE", path: `${ws(w.t)}/keys/${w.v.key}` })).status).toBe(204);
      await s.until(() => s.ended(), HEARTBEAT_MS * 3);
    } finally {
      await s.close();
    }
  });

  test("a long poll that waited through a revocation answers 401, not the reply", async () => {
    const w = await world();
    const headers = { origin: SHOP };
    // note: everything so far is read first, so the poll waits for news.
    const cursor = (await w.t.call({ path: `/api/widget/messages?conversation=${w.conv}`, key: w.v.key, token: w.v.token, headers })).json.nextCursor;
    const waiting = w.t.call({ path: `/api/widget/messages?conversation=${w.conv}&after=${cursor}&wait=5`, key: w.v.key, token: w.v.token, headers });
    await sleep(50);
    expect((await w.t.admin({ method: "DELETE", path: `${ws(w.t)}/keys/${w.v.key}` })).status).toBe(204);
    await reply(w, "After the revocation");
    const r = await waiting;
    expectError(r, 401, "key_revoked");
    expect(r.text).not.toContain("After the revocation");
  });
});
