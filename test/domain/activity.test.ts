// A customer message's conversation activity is written behind its send on SQLite (src/domain/activity.ts): every
// reader of activity still sees the conversation moved at once, and a stop before the write loses nothing.
import { expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { defaultConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { createAdminToken, createWorkspace } from "../../src/domain/workspaces";
import { ENGINE, FakeClock, makeApp } from "../helpers/app";
import { platform } from "../helpers/platform";

/** twoConversations: a visitor's conversation A, then B a minute later; then, a minute on, a message into A. */
async function twoConversations(handle: (r: Request) => Response | Promise<Response>, key: string, clock: FakeClock) {
  const call = async (path: string, token?: string, body?: unknown) =>
    (await (
      await handle(
        new Request(`http://localhost${path}`, {
          method: body ? "POST" : "GET",
          headers: {
            "content-type": "application/json",
            "x-woes-key": key,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        }),
      )
    ).json()) as any;
  const { token, id: visitorId } = (await call("/api/widget/session", undefined, {})).visitor as { token: string; id: string };
  const a = (await call("/api/widget/messages", token, { body: "first question" })).conversation.id as string;
  clock.advance(60_000);
  const b = (await call("/api/widget/messages", token, { body: "second question" })).conversation.id as string;
  clock.advance(60_000);
  const again = { conversationId: a, body: "about the first again", clientId: "c-again" };
  const sent = await call("/api/widget/messages", token, again);
  return {
    a,
    b,
    visitorId,
    at: sent.message.createdAt as string,
    // note: a retried send (the same clientId) answers with the conversation as it stands.
    replay: async () => (await call("/api/widget/messages", token, again)).conversation as { updatedAt: string },
    list: async () =>
      (await call("/api/widget/session", token, {})).conversations as {
        id: string;
        updatedAt: string;
      }[],
  };
}

test("a message into an open conversation moves it first in the inbox and the widget's list at once", async () => {
  const t = await makeApp();
  const { a, b, at, list, replay } = await twoConversations((r) => t.app.handle(r), t.ws.publicKey, t.clock);
  const stored = async () => Number((await t.store.db.all<{ u: number }>(sql`select updated_at as u from conversation where id = ${a}`))[0]!.u);
  // note: on SQLite the send left the row as it was (the activity is written behind it); on Postgres it moved it.
  if (ENGINE === "sqlite") expect(await stored()).toBeLessThan(Date.parse(at));
  expect((await replay()).updatedAt).toBe(at);
  const inbox = (
    await t.admin({
      path: `/api/admin/conversations?workspace=${t.ws.workspace.id}`,
    })
  ).json.conversations as { id: string; updatedAt: string }[];
  expect(inbox.map((c) => [c.id, c.updatedAt])).toEqual([
    [a, at],
    [b, expect.any(String)],
  ]);
  expect((await list()).map((c) => [c.id, c.updatedAt])).toEqual([
    [a, at],
    [b, expect.any(String)],
  ]);
  expect((await t.admin({ path: `/api/admin/conversations/${a}` })).json.conversation.updatedAt).toBe(at);
  expect(await stored()).toBe(Date.parse(at));
});

test("a data export taken right after a message shows the conversation's activity", async () => {
  const t = await makeApp();
  const { a, visitorId, at } = await twoConversations((r) => t.app.handle(r), t.ws.publicKey, t.clock);
  const exported = (await t.admin({ path: `/api/admin/visitors/${visitorId}/export` })).json as { conversations: { id: string; updatedAt: string | number }[] };
  expect(new Date(exported.conversations.find((c) => c.id === a)!.updatedAt).getTime()).toBe(Date.parse(at));
});

// note: on Postgres a send writes its activity itself, so nothing is left for a start to write.
if (ENGINE === "sqlite")
  test("activity a stop left unwritten is written when the file is opened again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "woes-activity-"));
    const file = join(dir, "woes.db");
    const clock = new FakeClock();
    try {
      const store = await platform.openStore(file);
      const ctx = createContext({
        store,
        config: defaultConfig(),
        clock,
        log: () => {},
      });
      const ws = await createWorkspace(store, "Acme", clock.now());
      const first = createApp(ctx);
      const { a, b, at } = await twoConversations((r) => first.handle(r), ws.publicKey, clock);
      // note: closed with the activity still unwritten, as a crash would leave it.
      store.close();

      const again = await platform.openStore(file);
      const app = createApp(
        createContext({
          store: again,
          config: defaultConfig(),
          clock,
          log: () => {},
        }),
      );
      const admin = await createAdminToken(again, { name: "test" }, clock.now());
      const inbox = (await (
        await app.handle(
          new Request(`http://localhost/api/admin/conversations?workspace=${ws.workspace.id}`, { headers: { authorization: `Bearer ${admin.token}` } }),
        )
      ).json()) as any;
      expect(inbox.conversations.map((c: { id: string; updatedAt: string }) => [c.id, c.updatedAt])).toEqual([
        [a, at],
        [b, expect.any(String)],
      ]);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
