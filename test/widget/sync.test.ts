// The messenger's catch-up after a reconnect, against the real widget routes (in process): nothing missed is left out.
import { expect, test } from "bun:test";
import { createSync } from "../../widget/src/ui/sync";
import type { Message, Runtime } from "../../widget/src/types";
import { conversationOf, plant, visitor } from "../helpers/builders";
import { makeApp } from "../helpers/app";
import { until } from "./browser-kit";

test("after a reconnect, every message missed is caught up, past the first page of 100", async () => {
  const t = await makeApp();
  const v = await visitor(t);
  const id = await conversationOf(t, v, "Before the outage");
  const delivered: Message[] = [];
  const rt = {
    s: { session: { conversations: [] }, watch: null, poll: false },
    call: async (path: string) => (await t.call({ path: `/api/widget/${path}`, key: v.key, token: v.token })).json,
    upsert: () => {},
    emit: (what: string, data: { message: Message }) => what === "message" && delivered.push(data.message),
  } as unknown as Runtime;
  const sync = createSync(rt);
  expect((await sync.history(id)).map((m) => m.body)).toEqual(["Before the outage"]);
  // note: 250 replies while the stream was down; the stream that comes back carries none of them.
  const missed = Array.from({ length: 250 }, (_, i) => `Reply ${i + 1}`);
  for (const body of missed) await plant(t, id, { body });
  sync.catchUp();
  await until(() => delivered.length >= missed.length, "every missed message");
  expect(delivered.map((m) => m.body)).toEqual(missed);
});

test("replies the stream brought are not fetched again: a poll after the stream fell back counts only later ones", async () => {
  const t = await makeApp();
  const v = await visitor(t);
  const id = await conversationOf(t, v, "Hi");
  const delivered: string[] = [];
  const s = { session: { conversations: [{ id, unreadCount: 0 }] }, watch: id, poll: false, open: false, unread: 0 };
  const rt = {
    s,
    call: async (path: string, body?: unknown) => (await t.call({ path: `/api/widget/${path}`, key: v.key, token: v.token, body })).json,
    upsert: () => {},
    emit: (what: string, data: { message: Message }) => what === "message" && delivered.push(data.message.body),
    unread: (n: number) => void (s.unread = n),
  } as unknown as Runtime;
  const sync = createSync(rt);
  await sync.history(id);
  // note: two replies come over the stream (the messenger hands each to seen), and the visitor reads them.
  for (const body of ["r1", "r2"]) {
    await plant(t, id, { body });
    const page = (await t.call({ path: `/api/widget/messages?conversation=${id}&limit=100`, key: v.key, token: v.token })).json;
    sync.seen(page.messages.at(-1));
  }
  // note: then the stream falls back to polling, and one more reply comes.
  s.poll = true;
  void sync.poll();
  await plant(t, id, { body: "r3" });
  await until(() => delivered.includes("r3"), "the later reply");
  s.poll = false;
  expect([delivered, s.unread]).toEqual([["r3"], 1]);
});

