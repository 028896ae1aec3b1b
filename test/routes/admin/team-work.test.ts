// Assignment and per-operator seen marks: who works a conversation, and what each operator has not read yet.
import { describe, expect, test } from "bun:test";
import { conversationOf, scenarios, send, visitor } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld, openSse, type AdminWorld } from "./fixture";

type W = AdminWorld;
const conv = (id: string, rest = "") => `/api/admin/conversations/${id}${rest}`;
const inbox = (w: W, query = "") => `/api/admin/conversations?workspace=${w.acme}${query}`;

describe("assignment", () => {
  scenarios(makeAdminWorld, [
    {
      name: "assigning to a member answers the assignee by name",
      request: (w: W) => asUser(w.operator, { path: conv(w.convA, "/assign"), body: { accountId: w.admin.id } }),
      status: 200,
      check: (r, w) => expect(r.json.conversation).toMatchObject({ id: w.convA, assignee: { id: w.admin.id, name: "Adam" } }),
    },
    {
      name: "assigning to a member of another workspace: 422 account_not_member",
      request: (w: W) => asUser(w.operator, { path: conv(w.convA, "/assign"), body: { accountId: w.globexUser.id } }),
      status: 422,
      code: "account_not_member",
      notExpectedContent: ["Gus"],
    },
    { name: "assigning to an unknown account: 422 account_not_member", request: (w: W) => asUser(w.owner, { path: conv(w.convA, "/assign"), body: { accountId: "usr_nobody" } }), status: 422, code: "account_not_member" },
    { name: "assigning without accountId: 422", request: (w: W) => asUser(w.owner, { path: conv(w.convA, "/assign"), body: {} }), status: 422 },
    { name: "assigning another workspace's conversation: 404", request: (w: W) => asUser(w.globexUser, { path: conv(w.convA, "/assign"), body: { accountId: w.globexUser.id } }), status: 404, code: "conversation_not_found" },
    {
      name: "unassigning with null",
      setup: async (w: W) => void (await w.t.call(asUser(w.owner, { path: conv(w.convA, "/assign"), body: { accountId: w.owner.id } }))),
      request: (w: W) => asUser(w.owner, { path: conv(w.convA, "/assign"), body: { accountId: null } }),
      status: 200,
      check: (r) => expect(r.json.conversation.assignee).toBeNull(),
    },
    { name: "assignee=me with a token: 422", request: (w: W) => asToken(w.t.adminToken, { path: inbox(w, "&assignee=me") }), status: 422 },
    { name: "assignee with a bad id: 422", request: (w: W) => asToken(w.t.adminToken, { path: inbox(w, "&assignee=a%20b") }), status: 422 },
  ]);

  test("the inbox views Mine, Unassigned and a teammate's, and the detail carries the assignee", async () => {
    const w = await makeAdminWorld();
    const b = await conversationOf(w.t, await visitor(w.t), "Second question");
    await w.t.call(asUser(w.operator, { path: conv(w.convA, "/assign"), body: { accountId: w.operator.id } }));
    const ids = async (u: typeof w.operator, q: string) => (await w.t.call(asUser(u, { path: inbox(w, q) }))).json.conversations.map((c: any) => c.id);
    expect(await ids(w.operator, "&assignee=me")).toEqual([w.convA]);
    expect(await ids(w.owner, "&assignee=me")).toEqual([]);
    expect(await ids(w.owner, "&assignee=none")).toEqual([b]);
    expect(await ids(w.owner, `&assignee=${w.operator.id}`)).toEqual([w.convA]);
    expect((await ids(w.owner, "")).sort()).toEqual([w.convA, b].sort());
    const all = (await w.t.call(asUser(w.owner, { path: inbox(w) }))).json.conversations;
    expect(all.find((c: any) => c.id === w.convA).assignee).toEqual({ id: w.operator.id, name: "Opal" });
    expect(all.find((c: any) => c.id === b).assignee).toBeNull();
    const detail = await w.t.call(asUser(w.owner, { path: conv(w.convA) }));
    expect(detail.json.conversation.assignee).toEqual({ id: w.operator.id, name: "Opal" });
  });

  test("a reply from an unassigned conversation assigns it to the replier; a note or a token does not", async () => {
    const w = await makeAdminWorld();
    const assignee = async () => (await w.t.call(asUser(w.owner, { path: conv(w.convA) }))).json.conversation.assignee;
    await w.t.call(asUser(w.admin, { path: conv(w.convA, "/messages"), body: { body: "a note", internal: true } }));
    await w.t.call(asToken(w.t.adminToken, { path: conv(w.convA, "/messages"), body: { body: "from a script" } }));
    expect(await assignee()).toBeNull();
    await w.t.call(asUser(w.admin, { path: conv(w.convA, "/messages"), body: { body: "On it" } }));
    expect(await assignee()).toEqual({ id: w.admin.id, name: "Adam" });
    // note: an assigned conversation stays with its assignee when a teammate replies.
    await w.t.call(asUser(w.operator, { path: conv(w.convA, "/messages"), body: { body: "Me too" } }));
    expect(await assignee()).toEqual({ id: w.admin.id, name: "Adam" });
  });

  test("a member removed from the workspace leaves its conversations unassigned, and operators hear of it", async () => {
    const w = await makeAdminWorld();
    const other = await conversationOf(w.t, await visitor(w.t), "Second question");
    await w.t.call(asUser(w.operator, { path: conv(w.convA, "/messages"), body: { body: "On it" } }));
    await w.t.call(asUser(w.owner, { path: conv(other, "/assign"), body: { accountId: w.owner.id } }));
    const stream = await openSse(w.t, { path: "/api/admin/conversations/stream", headers: { authorization: `Bearer ${w.t.adminToken}` } });
    expect((await w.t.call(asUser(w.owner, { method: "DELETE", path: `/api/console/workspaces/${w.acme}/members/${w.operator.id}` }))).status).toBe(204);
    const ids = async (q: string) => (await w.t.call(asUser(w.owner, { path: inbox(w, q) }))).json.conversations.map((c: any) => c.id);
    expect(await ids("&assignee=none")).toEqual([w.convA]);
    expect((await w.t.call(asUser(w.owner, { path: conv(w.convA) }))).json.conversation.assignee).toBeNull();
    expect((await w.t.call(asUser(w.owner, { path: conv(other) }))).json.conversation.assignee).toEqual({ id: w.owner.id, name: expect.any(String) });
    await stream.until(() => stream.events.some((e) => e.event === "conversation" && e.data.conversation.id === w.convA));
    await stream.close();
    // note: a teammate's reply now takes it, as for any unassigned conversation.
    await w.t.call(asUser(w.admin, { path: conv(w.convA, "/messages"), body: { body: "Taking over" } }));
    expect((await w.t.call(asUser(w.owner, { path: conv(w.convA) }))).json.conversation.assignee).toEqual({ id: w.admin.id, name: "Adam" });
  });

  test("with autoAssign off, a reply leaves the conversation unassigned, and the widget never sees the setting", async () => {
    const w = await makeAdminWorld();
    const patched = await w.t.call(asUser(w.owner, { path: `/api/admin/workspaces/${w.acme}`, method: "PATCH", body: { settings: { autoAssign: false } } }));
    expect(patched.json.workspace.settings.autoAssign).toBe(false);
    await w.t.call(asUser(w.admin, { path: conv(w.convA, "/messages"), body: { body: "On it" } }));
    expect((await w.t.call(asUser(w.owner, { path: conv(w.convA) }))).json.conversation.assignee).toBeNull();
    const session = await w.t.call({ path: "/api/widget/session", key: w.a.key, token: w.a.token, body: {} });
    expect(session.status).toBe(200);
    expect(session.text).not.toContain("autoAssign");
  });
});

describe("seen per operator", () => {
  test("unread counts customer messages after what each operator has seen", async () => {
    const w = await makeAdminWorld();
    const unread = async (u: typeof w.operator) => (await w.t.call(asUser(u, { path: inbox(w) }))).json.conversations.find((c: any) => c.id === w.convA).unreadCount;
    expect(await unread(w.owner)).toBe(1);
    expect(await unread(w.operator)).toBe(1);
    const seen = await w.t.call(asUser(w.owner, { path: conv(w.convA, "/seen"), method: "POST" }));
    expect(seen.status).toBe(204);
    expect(await unread(w.owner)).toBe(0);
    expect(await unread(w.operator)).toBe(1);
    // note: the customer's "thanks!" after a reply is unread again, though nobody answered it.
    await send(w.t, w.a, { conversationId: w.convA, body: "thanks!" });
    expect(await unread(w.owner)).toBe(1);
    await w.t.call(asUser(w.operator, { path: conv(w.convA, "/messages"), body: { body: "noted", internal: true } }));
    expect(await unread(w.operator)).toBe(0);
    expect(await unread(w.owner)).toBe(1);
  });

  test("seen up to a message, never backwards; a message of another conversation is 422", async () => {
    const w = await makeAdminWorld();
    const first = (await w.t.call(asUser(w.owner, { path: conv(w.convA) }))).json.conversation.messages[0].id;
    await send(w.t, w.a, { conversationId: w.convA, body: "one" });
    await send(w.t, w.a, { conversationId: w.convA, body: "two" });
    const unread = async () => (await w.t.call(asUser(w.owner, { path: inbox(w) }))).json.conversations.find((c: any) => c.id === w.convA).unreadCount;
    expect(await unread()).toBe(3);
    expect((await w.t.call(asUser(w.owner, { path: conv(w.convA, "/seen"), body: { messageId: first } }))).status).toBe(204);
    expect(await unread()).toBe(2);
    await w.t.call(asUser(w.owner, { path: conv(w.convA, "/seen"), body: {} }));
    await w.t.call(asUser(w.owner, { path: conv(w.convA, "/seen"), body: { messageId: first } }));
    expect(await unread()).toBe(0);
    const globexMessage = (await w.t.call(asToken(w.t.adminToken, { path: conv(w.convC) }))).json.conversation.messages[0].id;
    const bad = await w.t.call(asUser(w.owner, { path: conv(w.convA, "/seen"), body: { messageId: globexMessage } }));
    expect(bad.status).toBe(422);
    expect((await w.t.call(asUser(w.globexUser, { path: conv(w.convA, "/seen"), body: {} }))).status).toBe(404);
  });
});
