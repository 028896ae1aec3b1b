// POST /api/widget/messages/read: read marks and unread counts.
import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { as, makeWorld, plant, scenarios, type World } from "../../helpers/builders";

const READ = "/api/widget/messages/read";
const mark = (w: World, body: unknown) => as(w.a, { path: READ, body });
const sessionUnread = async (w: World) => (await w.t.call(as(w.a, { path: "/api/widget/session", body: {} }))).json.unreadCount;

describe("POST /api/widget/messages/read", () => {
  scenarios(makeWorld, [
    {
      name: "up to the operator reply: the agent reply is still unread",
      request: (w) => mark(w, { conversationId: w.convA, messageId: w.reply.id }),
      status: 200,
      check: (r, w) => expect(r.json).toEqual({ conversationId: w.convA, unreadCount: 1, totalUnread: 1 }),
    },
    {
      name: "no messageId: everything read",
      request: (w) => mark(w, { conversationId: w.convA }),
      status: 200,
      check: (r, w) => expect(r.json).toEqual({ conversationId: w.convA, unreadCount: 0, totalUnread: 0 }),
    },
    { name: "an internal note's id: 404 message_not_found", request: (w) => mark(w, { conversationId: w.convA, messageId: w.note.id }), status: 404, code: "message_not_found" },
    { name: "a message of another conversation: 404", request: (w) => mark(w, { conversationId: w.convA, messageId: "msg_nope" }), status: 404, code: "message_not_found" },
    { name: "another visitor's conversation: 404, no mark", request: (w) => mark(w, { conversationId: w.convB }), status: 404, code: "conversation_not_found" },
    { name: "another workspace's conversation: 404", request: (w) => mark(w, { conversationId: w.convC }), status: 404, code: "conversation_not_found" },
    { name: "no conversationId: 422 naming it", request: (w) => mark(w, {}), status: 422, check: (r) => expect(r.json.error.field).toBe("conversationId") },
    { name: "a numeric messageId: 422 naming it", request: (w) => mark(w, { conversationId: w.convA, messageId: 7 }), status: 422, check: (r) => expect(r.json.error.field).toBe("messageId") },
    { name: "no token: 401", request: (w) => ({ path: READ, key: w.t.ws.publicKey, body: { conversationId: w.convA } }), status: 401 },
  ]);

  test("unread = operator, agent and system messages after the mark; customer messages never count", async () => {
    const w = await makeWorld();
    expect(await sessionUnread(w)).toBe(2);
    await w.t.call(mark(w, { conversationId: w.convA }));
    expect(await sessionUnread(w)).toBe(0);
    await w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "my own message" } }));
    expect(await sessionUnread(w)).toBe(0);
    await plant(w.t, w.convA, { body: "note", internal: true });
    expect(await sessionUnread(w)).toBe(0);
    const rows = [
      { kind: "operator" as const, total: 1 },
      { kind: "agent" as const, total: 2 },
      { kind: "system" as const, total: 3 },
    ];
    for (const row of rows) {
      await plant(w.t, w.convA, { body: `from ${row.kind}`, kind: row.kind });
      expect(await sessionUnread(w)).toBe(row.total);
    }
  });

  test("a customer message reads the replies before it; a run of customer messages writes no mark", async () => {
    const w = await makeWorld();
    const send = async (conversationId: string | undefined, body: string) =>
      (await w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId, body } }))).json as { conversation: { id: string }; message: { id: string } };
    const seqOf = async (id: string) => ((await w.t.store.db.all(sql`select seq from message where id = ${id}`)) as { seq: number }[])[0]!.seq;
    const marks = (conversationId: string) => w.t.store.db.all(sql`select last_read_seq as seq from read_mark where conversation_id = ${conversationId} and visitor_id = ${w.a.id}`);
    expect(await sessionUnread(w)).toBe(2);
    const first = await send(w.convA, "After your replies");
    expect(await sessionUnread(w)).toBe(0);
    expect(await marks(w.convA)).toEqual([{ seq: await seqOf(first.message.id) }]);
    for (const body of ["One more thing", "And another"]) await send(w.convA, body);
    expect(await marks(w.convA)).toEqual([{ seq: await seqOf(first.message.id) }]);
    expect(await sessionUnread(w)).toBe(0);
    await plant(w.t, w.convA, { body: "A new reply" });
    expect(await sessionUnread(w)).toBe(1);
    const after = await send(w.convA, "Thanks");
    expect(await sessionUnread(w)).toBe(0);
    expect(await marks(w.convA)).toEqual([{ seq: await seqOf(after.message.id) }]);
    // a conversation of customer messages only has nothing to read: no mark at all
    const fresh = (await send(undefined, "A new question")).conversation.id;
    await send(fresh, "More detail");
    expect(await marks(fresh)).toEqual([]);
    await plant(w.t, fresh, { body: "Answer to the new question" });
    expect(await sessionUnread(w)).toBe(1);
  });

  test("a read mark never moves back", async () => {
    const w = await makeWorld();
    await w.t.call(mark(w, { conversationId: w.convA }));
    const r = await w.t.call(mark(w, { conversationId: w.convA, messageId: w.reply.id }));
    expect(r.json.unreadCount).toBe(0);
  });

  test("read marks are per visitor: one visitor reading changes nothing for another", async () => {
    const w = await makeWorld();
    await w.t.call(mark(w, { conversationId: w.convA }));
    const bUnread = (await w.t.call(as(w.b, { path: "/api/widget/session", body: {} }))).json.unreadCount;
    expect(bUnread).toBe(0);
    await plant(w.t, w.convB, { body: "Reply for Bob" });
    expect((await w.t.call(as(w.b, { path: "/api/widget/session", body: {} }))).json.unreadCount).toBe(1);
    expect(await sessionUnread(w)).toBe(0);
  });

  test("marking read pushes the new count to the visitor's open stream", async () => {
    const { openStream } = await import("../../helpers/builders");
    const w = await makeWorld();
    const s = await openStream(w.t, w.a);
    try {
      await s.until(() => s.of("unread").length > 0);
      await w.t.call(mark(w, { conversationId: w.convA }));
      await s.until(() => s.of("unread").length > 1);
      expect(s.of("unread").at(-1)!.data).toEqual({ unreadCount: 0 });
    } finally {
      await s.close();
    }
  });
});
