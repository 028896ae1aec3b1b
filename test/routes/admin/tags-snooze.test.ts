// Tags and snoozes: the inbox's tag and status filters (open, snoozed, closed); a snooze ends at its time
// or on a customer message, and the widget sees a snoozed conversation as open.
import { describe, expect, test } from "bun:test";
import { conversationOf, scenarios, send, visitor } from "../../helpers/builders";
import { asUser, makeAdminWorld, type AdminWorld } from "./fixture";

type W = AdminWorld;
const conv = (id: string, rest = "") => `/api/admin/conversations/${id}${rest}`;
const inbox = (w: W, query = "") => `/api/admin/conversations?workspace=${w.acme}${query}`;
const inAnHour = (w: W) => new Date(w.t.clock.now() + 3_600_000).toISOString();

describe("tags and snoozes", () => {
  scenarios(makeAdminWorld, [
    {
      name: "tags are trimmed, lower-cased and kept once",
      request: (w: W) => asUser(w.operator, { path: conv(w.convA), method: "PATCH", body: { tags: [" Billing ", "billing", "VIP"] } }),
      status: 200,
      check: (r, w) => expect(r.json.conversation).toEqual({ id: w.convA, tags: ["billing", "vip"] }),
    },
    { name: "a tag with markup: 422 naming tags", request: (w: W) => asUser(w.operator, { path: conv(w.convA), method: "PATCH", body: { tags: ["<b>x</b>"] } }), status: 422 },
    { name: "21 tags: 422", request: (w: W) => asUser(w.operator, { path: conv(w.convA), method: "PATCH", body: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } }), status: 422 },
    { name: "tags on another workspace's conversation: 404", request: (w: W) => asUser(w.globexUser, { path: conv(w.convA), method: "PATCH", body: { tags: ["x"] } }), status: 404 },
    {
      name: "snoozing for an hour: status snoozed with its time",
      request: (w: W) => asUser(w.operator, { path: conv(w.convA, "/snooze"), body: { until: inAnHour(w) } }),
      status: 200,
      check: (r, w) => expect(r.json.conversation).toMatchObject({ id: w.convA, status: "snoozed", snoozedUntil: inAnHour(w) }),
    },
    { name: "snoozing until a past time: 422", request: (w: W) => asUser(w.operator, { path: conv(w.convA, "/snooze"), body: { until: "2020-01-01T00:00:00Z" } }), status: 422, code: "invalid_snooze" },
    { name: "snoozing until not a time: 422", request: (w: W) => asUser(w.operator, { path: conv(w.convA, "/snooze"), body: { until: "tomorrow" } }), status: 422 },
    {
      name: "snoozing a closed conversation: 422 conversation_closed",
      setup: async (w: W) => void (await w.t.admin({ path: conv(w.convA, "/close"), method: "POST" })),
      request: (w: W) => asUser(w.operator, { path: conv(w.convA, "/snooze"), body: { until: inAnHour(w) } }),
      status: 422,
      code: "conversation_closed",
    },
    { name: "a status filter of pending: 422", request: (w: W) => asUser(w.operator, { path: inbox(w, "&status=pending") }), status: 422 },
  ]);

  test("the inbox filters by tag, and carries tags in rows and the detail", async () => {
    const w = await makeAdminWorld();
    const other = await conversationOf(w.t, await visitor(w.t), "Another question");
    await w.t.call(asUser(w.operator, { path: conv(w.convA), method: "PATCH", body: { tags: ["billing"] } }));
    await w.t.call(asUser(w.operator, { path: conv(other), method: "PATCH", body: { tags: ["shipping", "vip"] } }));
    const ids = async (q: string) => (await w.t.call(asUser(w.owner, { path: inbox(w, q) }))).json.conversations.map((c: any) => c.id);
    expect(await ids("&tag=billing")).toEqual([w.convA]);
    expect(await ids("&tag=VIP")).toEqual([other]);
    expect(await ids("&tag=refunds")).toEqual([]);
    const rows = (await w.t.call(asUser(w.owner, { path: inbox(w) }))).json.conversations;
    expect(rows.find((c: any) => c.id === other).tags).toEqual(["shipping", "vip"]);
    expect((await w.t.call(asUser(w.owner, { path: conv(w.convA) }))).json.conversation.tags).toEqual(["billing"]);
    await w.t.call(asUser(w.operator, { path: conv(w.convA), method: "PATCH", body: { tags: [] } }));
    expect(await ids("&tag=billing")).toEqual([]);
  });

  test("a snoozed conversation leaves Open for Snoozed, the widget still sees it open, and it comes back at its time", async () => {
    const w = await makeAdminWorld();
    await w.t.call(asUser(w.operator, { path: conv(w.convA, "/snooze"), body: { until: inAnHour(w) } }));
    const ids = async (status: string) => (await w.t.call(asUser(w.owner, { path: inbox(w, `&status=${status}`) }))).json.conversations.map((c: any) => c.id);
    expect(await ids("open")).toEqual([]);
    expect(await ids("snoozed")).toEqual([w.convA]);
    const session = await w.t.call({ path: "/api/widget/session", key: w.a.key, token: w.a.token, body: {} });
    expect(session.json.conversations[0]).toMatchObject({ id: w.convA, status: "open" });
    expect(session.text).not.toContain("snooze");
    w.t.clock.advance(3_600_001);
    expect(await ids("open")).toEqual([w.convA]);
    expect(await ids("snoozed")).toEqual([]);
  });

  test("a customer message wakes a snoozed conversation; waking by hand with null", async () => {
    const w = await makeAdminWorld();
    await w.t.call(asUser(w.operator, { path: conv(w.convA, "/snooze"), body: { until: inAnHour(w) } }));
    await send(w.t, w.a, { conversationId: w.convA, body: "Any news?" });
    const detail = (await w.t.call(asUser(w.owner, { path: conv(w.convA) }))).json.conversation;
    expect(detail).toMatchObject({ status: "open", snoozedUntil: null });
    await w.t.call(asUser(w.operator, { path: conv(w.convA, "/snooze"), body: { until: inAnHour(w) } }));
    const woken = await w.t.call(asUser(w.operator, { path: conv(w.convA, "/snooze"), body: { until: null } }));
    expect(woken.json.conversation).toMatchObject({ status: "open", snoozedUntil: null });
  });
});
