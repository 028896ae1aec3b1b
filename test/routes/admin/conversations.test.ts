// The inbox, one conversation, replies and internal notes, close and reopen, and workspace isolation.
import { describe, expect, test } from "bun:test";
import { conversationOf, openStream, scenarios, send, visitor } from "../../helpers/builders";
import { sleep } from "../../runtime/neutral";
import { asToken, asUser, makeAdminWorld, type AdminWorld } from "./fixture";

type W = AdminWorld;
const conv = (id: string, rest = "") => `/api/admin/conversations/${id}${rest}`;
const history = (w: W) => w.t.call({ path: `/api/widget/messages?conversation=${w.convA}`, key: w.a.key, token: w.a.token });

describe("conversations", () => {
  scenarios(makeAdminWorld, [
    {
      name: "the inbox of every workspace for the all-workspace token, newest activity first",
      setup: (w: W) => w.t.clock.advance(1_000),
      request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/conversations" }),
      status: 200,
      check: (r, w) => {
        expect(r.json.conversations.map((c: any) => c.id).sort()).toEqual([w.convA, w.convC].sort());
        const ada = r.json.conversations.find((c: any) => c.id === w.convA);
        expect(ada).toMatchObject({
          workspaceId: w.acme,
          status: "open",
          kind: "chat",
          visitor: { id: w.a.id, name: "Ada", email: "ada@example.com", company: null, verified: false, online: false },
          agent: null,
          lastMessage: { body: "ACME_NOTE_refund_approved", internal: true },
          fields: null,
          ticketForm: null,
          unreadCount: 1, // note: the token has not seen Ada's question (unread is per operator).
        });
        expect(r.json).toMatchObject({ nextCursor: null, hasMore: false });
      },
    },
    {
      name: "the inbox for the Globex token: only Globex",
      request: (w: W) => asToken(w.globexToken, { path: "/api/admin/conversations" }),
      status: 200,
      expectedContent: ["GLOBEX_QUESTION"],
      notExpectedContent: (w: W) => w.acmeSecrets,
      check: (r, w) => expect(r.json.conversations.map((c: any) => c.id)).toEqual([w.convC]),
    },
    { name: "the Acme inbox with the Globex token: 404", request: (w: W) => asToken(w.globexToken, { path: `/api/admin/conversations?workspace=${w.acme}` }), status: 404, notExpectedContent: (w: W) => w.acmeSecrets.slice(1) },
    { name: "an inbox with a bad status: 422", request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/conversations?status=pending" }), status: 422 },
    { name: "an inbox with a forged cursor: 422 invalid_cursor", request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/conversations?after=bTEyMw" }), status: 422, code: "invalid_cursor" },
    { name: "an inbox with limit 0: 422", request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/conversations?limit=0" }), status: 422 },
    {
      name: "one conversation: notes, internals and the visitor's details",
      request: (w: W) => asToken(w.t.adminToken, { path: conv(w.convA) }),
      status: 200,
      expectedContent: ["ADA_QUESTION", "ACME_NOTE_refund_approved", "MODEL_INTERNAL_7", "4242"],
      notExpectedContent: ["GLOBEX_QUESTION"],
      check: (r, w) => {
        const c = r.json.conversation;
        expect(c.messages.map((m: any) => [m.author.kind, m.internal])).toEqual([
          ["customer", false],
          ["agent", false],
          ["operator", true],
        ]);
        expect(c.messages[1].internals).toEqual({ model: "MODEL_INTERNAL_7", inputTokens: 4242 });
        expect(c.visitor).toMatchObject({ id: w.a.id, name: "Ada", verified: false, online: false, state: null });
        expect(c).toMatchObject({ ticket: null, surveys: [], survey: null, fields: null });
      },
    },
    { name: "an Acme conversation with the Globex token: 404", request: (w: W) => asToken(w.globexToken, { path: conv(w.convA) }), status: 404, code: "conversation_not_found", notExpectedContent: (w: W) => w.acmeSecrets.slice(1) },
    { name: "an Acme conversation for a Globex user: 404", request: (w: W) => asUser(w.globexUser, { path: conv(w.convA) }), status: 404, code: "conversation_not_found" },
    { name: "an unknown conversation: 404", request: (w: W) => asToken(w.t.adminToken, { path: conv("conv_nope") }), status: 404, code: "conversation_not_found" },
    {
      name: "a reply to an Acme conversation with the Globex token: 404, nothing stored",
      request: (w: W) => asToken(w.globexToken, { path: conv(w.convA, "/messages"), body: { body: "GLOBEX_INTRUDER" } }),
      status: 404,
      check: async (_r, w) => expect((await w.t.admin({ path: conv(w.convA) })).text).not.toContain("GLOBEX_INTRUDER"),
    },
    {
      name: "closing an Acme conversation with the Globex token: 404, still open",
      request: (w: W) => asToken(w.globexToken, { path: conv(w.convA, "/close"), method: "POST" }),
      status: 404,
      check: async (_r, w) => expect((await w.t.admin({ path: conv(w.convA) })).json.conversation.status).toBe("open"),
    },
    { name: "a reply of spaces: 422 naming body", request: (w: W) => asToken(w.t.adminToken, { path: conv(w.convA, "/messages"), body: { body: "   " } }), status: 422, check: (r) => expect(r.json.error.field).toBe("body") },
    { name: "a reply over 5000 characters: 422", request: (w: W) => asToken(w.t.adminToken, { path: conv(w.convA, "/messages"), body: { body: "x".repeat(5001) } }), status: 422 },
    { name: "a reply with internal not a boolean: 422", request: (w: W) => asToken(w.t.adminToken, { path: conv(w.convA, "/messages"), body: { body: "x", internal: "yes" } }), status: 422 },
    {
      name: "a reply by a token: 201, author Support, trimmed",
      request: (w: W) => asToken(w.t.adminToken, { path: conv(w.convA, "/messages"), body: { body: "  Here to help  " } }),
      status: 201,
      check: (r, w) =>
        expect(r.json.message).toEqual({ id: expect.stringMatching(/^msg_[0-9A-Za-z]{16,}$/), conversationId: w.convA, author: { kind: "operator", name: "Support", avatarUrl: null }, body: "Here to help", internal: false, createdAt: "2026-11-24T12:00:00.000Z" }),
    },
    { name: "close: 200 closed", request: (w: W) => asToken(w.t.adminToken, { path: conv(w.convA, "/close"), method: "POST" }), status: 200, check: (r) => expect(r.json.conversation.status).toBe("closed") },
  ]);

  test("a reply reaches the widget history; an internal note never does", async () => {
    const w = await makeAdminWorld();
    const reply = await w.t.call(asUser(w.owner, { path: conv(w.convA, "/messages"), body: { body: "PUBLIC_REPLY_from_Olive" } }));
    expect(reply.status).toBe(201);
    const note = await w.t.call(asUser(w.owner, { path: conv(w.convA, "/messages"), body: { body: "SECOND_NOTE_keep_private", internal: true } }));
    expect(note.status).toBe(201);
    expect(note.json.message.internal).toBe(true);
    const h = await history(w);
    expect(h.status).toBe(200);
    expect(h.text).toContain("PUBLIC_REPLY_from_Olive");
    expect(h.text).toContain("Olive");
    for (const hidden of ["SECOND_NOTE_keep_private", "ACME_NOTE_refund_approved", "MODEL_INTERNAL_7", w.owner.id, "user:"]) expect(h.text).not.toContain(hidden);
    const detail = await w.t.admin({ path: conv(w.convA) });
    expect(detail.text).toContain("SECOND_NOTE_keep_private");
    // note: messages never name their author's account; only the assignee (CONTRACT §9b) carries an account id.
    expect(JSON.stringify(detail.json.conversation.messages)).not.toContain(w.owner.id);
    expect(detail.json.conversation.assignee).toEqual({ id: w.owner.id, name: "Olive" });
    const session = await w.t.session({ token: w.a.token });
    expect(session.text).not.toContain("SECOND_NOTE_keep_private");
  });

  test("a note does not move the conversation's updatedAt (the widget shows it); a reply does", async () => {
    const w = await makeAdminWorld();
    w.t.clock.advance(60_000);
    await w.t.admin({ path: conv(w.convA, "/messages"), body: { body: "quiet note", internal: true } });
    expect((await w.t.admin({ path: conv(w.convA) })).json.conversation.updatedAt).toBe("2026-11-24T12:00:00.000Z");
    await w.t.admin({ path: conv(w.convA, "/messages"), body: { body: "loud reply" } });
    expect((await w.t.admin({ path: conv(w.convA) })).json.conversation.updatedAt).toBe("2026-11-24T12:01:00.000Z");
  });

  test("close and reopen change the status, updatedAt and the status filter", async () => {
    const w = await makeAdminWorld();
    w.t.clock.advance(5_000);
    const closed = await w.t.admin({ path: conv(w.convA, "/close"), method: "POST" });
    expect(closed.json.conversation).toMatchObject({ id: w.convA, status: "closed", updatedAt: "2026-11-24T12:00:05.000Z" });
    const open = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&status=open` });
    expect(open.json.conversations).toEqual([]);
    const shut = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&status=closed` });
    expect(shut.json.conversations.map((c: any) => c.id)).toEqual([w.convA]);
    const widget = await w.t.session({ token: w.a.token });
    expect(widget.json.conversations[0].status).toBe("closed");
    const reopened = await w.t.admin({ path: conv(w.convA, "/reopen"), method: "POST" });
    expect(reopened.json.conversation.status).toBe("open");
  });

  test("closing a closed conversation changes nothing: who resolved it and when, its place in the list, no second survey", async () => {
    const w = await makeAdminWorld();
    const team = async () => (await w.t.call(asUser(w.owner, { path: `/api/admin/stats?workspace=${w.acme}&from=2026-11-20&to=2026-11-28` }))).json.team;
    w.t.clock.advance(10 * 60_000);
    const first = await w.t.call(asUser(w.operator, { method: "POST", path: conv(w.convA, "/close") }));
    const resolved = await team();
    const stream = await openStream(w.t, { key: w.a.key, token: w.a.token, id: w.a.id, session: null });
    w.t.clock.advance(5 * 3_600_000);
    // note: a second Close, from a console that had not heard of the first.
    const again = await w.t.call(asUser(w.admin, { method: "POST", path: conv(w.convA, "/close") }));
    expect([again.status, again.json.conversation.status, again.json.conversation.updatedAt]).toEqual([200, "closed", first.json.conversation.updatedAt]);
    expect(await team()).toEqual(resolved);
    await sleep(50);
    expect(stream.of("conversation")).toEqual([]);
    await stream.close();
    // note: reopening an open conversation changes nothing either; reopening a snoozed one still wakes it.
    const reopened = await w.t.call(asUser(w.admin, { method: "POST", path: conv(w.convA, "/reopen") }));
    expect(reopened.json.conversation.status).toBe("open");
    w.t.clock.advance(60_000);
    const again2 = await w.t.call(asUser(w.admin, { method: "POST", path: conv(w.convA, "/reopen") }));
    expect([again2.json.conversation.status, again2.json.conversation.updatedAt]).toEqual(["open", reopened.json.conversation.updatedAt]);
    const until = new Date(w.t.clock.now() + 3_600_000).toISOString();
    expect((await w.t.call(asUser(w.admin, { path: conv(w.convA, "/snooze"), body: { until } }))).json.conversation.status).toBe("snoozed");
    const woken = await w.t.call(asUser(w.admin, { method: "POST", path: conv(w.convA, "/reopen") }));
    expect([woken.json.conversation.status, woken.json.conversation.snoozedUntil]).toEqual(["open", null]);
  });

  test("the inbox pages by cursor, newest activity first, and counts customer messages awaiting a reply", async () => {
    const w = await makeAdminWorld();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      w.t.clock.advance(1_000);
      const v = await visitor(w.t);
      ids.push(await conversationOf(w.t, v, `question ${i}`));
      if (i === 2) await send(w.t, v, { conversationId: ids[2], body: "anyone?" });
    }
    const first = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&limit=2` });
    expect(first.json.conversations.map((c: any) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.json.conversations[0].unreadCount).toBe(2);
    expect(first.json.hasMore).toBe(true);
    const second = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&limit=2&after=${first.json.nextCursor}` });
    expect(second.json.conversations.map((c: any) => c.id)).toEqual([ids[0], w.convA]);
    expect(second.json).toMatchObject({ hasMore: false, nextCursor: null });
    await w.t.admin({ path: conv(ids[2]!, "/messages"), body: { body: "yes" } });
    const after = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&limit=1` });
    expect(after.json.conversations[0]).toMatchObject({ id: ids[2], unreadCount: 0 });
  });
});
