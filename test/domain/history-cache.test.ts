// The in-memory history pages answer exactly what the database holds, across appends.
import { expect, test } from "bun:test";
import { makeApp } from "../helpers/app";

/** aVisitor starts an app and a visitor: send writes into a conversation (a new one without an id), read reads one. */
async function aVisitor() {
  const t = await makeApp({ config: { limits: { visitorsPerMinute: 100, conversationsPerHour: 100, messagesPerMinute: 10_000 } } });
  const { visitor } = (await t.session()).json;
  const send = (body: string, conversationId?: string) =>
    t.call({ path: "/api/widget/messages", key: t.ws.publicKey, token: visitor.token, body: { body, conversationId } });
  const read = async (conversationId: string, query: string) =>
    (await t.call({ path: `/api/widget/messages?conversation=${conversationId}${query}`, key: t.ws.publicKey, token: visitor.token })).json;
  return { send, read };
}

test("cached history equals the stored history while messages keep arriving", async () => {
  const v = await aVisitor();
  const send = v.send;
  const first = (await send("m0")).json.conversation.id as string;
  const read = (after?: string, limit = 7) => v.read(first, `&limit=${limit}${after ? `&after=${after}` : ""}`);

  const seen: string[] = [];
  let cursor: string | undefined;
  for (let i = 1; i < 40; i++) {
    await send(`m${i}`, first);
    if (i % 5 === 0) {
      // a reader chaining cursors sees every message once, in order
      for (;;) {
        const page = await read(cursor);
        seen.push(...page.messages.map((m: any) => m.body));
        cursor = page.nextCursor;
        if (!page.hasMore) break;
      }
    }
  }
  expect(seen).toEqual(Array.from({ length: 36 }, (_, i) => `m${i}`));
  const all = await read(undefined, 100);
  expect(all.messages.map((m: any) => m.body)).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`));
  expect(all.hasMore).toBe(false);
});

test("a page read again is answered whole each time, and a new message changes it", async () => {
  const { send, read: readOne } = await aVisitor();
  const id = (await send("first")).json.conversation.id as string;
  await send("second", id);
  const read = (query: string) => readOne(id, `&limit=5${query}`);

  // note: the answer of a page is kept encoded; each read must still get all of it, whichever cursor led there.
  const answers = [await read(""), await read(""), await read("&after=0"), await read("")];
  for (const a of answers) expect(a.messages.map((m: any) => m.body)).toEqual(["first", "second"]);
  expect(new Set(answers.map((a) => a.nextCursor)).size).toBe(1);

  await send("third", id);
  const after = await read("");
  expect(after.messages.map((m: any) => m.body)).toEqual(["first", "second", "third"]);
  expect(after.nextCursor).toBe(after.messages[2].id);
  // note: past the last message the page is empty and its cursor is the one asked for.
  expect(await read(`&after=${after.nextCursor}`)).toEqual({ messages: [], nextCursor: after.nextCursor, hasMore: false });
});
