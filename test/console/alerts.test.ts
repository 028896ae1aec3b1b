// Alert choices over app.handle: defaults, a change saved with the account (another session of the same
// operator reads it), validation as 422 naming the field, and no way to read or change another operator's.
import { describe, expect, test } from "bun:test";
import { makeApp } from "../helpers/app";
import { and, eq } from "drizzle-orm";
import { memberships } from "../../db/schema";
import { conversationOf, count, secondWorkspace, send, visitor } from "../helpers/builders";
import { addUser, asUser } from "../routes/admin/fixture";
import { makeConsole } from "./fixture";

const DEFAULTS = { notifications: false, newConversation: true, newMessage: true, waiting: true, sound: false, badge: true };

describe("alert choices", () => {
  test("defaults, then a change that another browser of the same operator reads", async () => {
    const t = await makeConsole();
    const ann = await t.addUser("ann@acme.test", "operator");
    const read = await t.call({ path: "/api/console/me/alerts", cookie: ann.cookie });
    expect([read.status, read.json, read.headers.get("cache-control")]).toEqual([200, { alerts: DEFAULTS }, "no-store"]);
    const set = await t.call({ method: "PATCH", path: "/api/console/me/alerts", body: { notifications: true, sound: true }, cookie: ann.cookie, csrf: ann.csrf });
    expect([set.status, set.json.alerts]).toEqual([200, { ...DEFAULTS, notifications: true, sound: true }]);
    const laptop = await t.signIn("ann@acme.test");
    expect((await t.call({ path: "/api/console/me/alerts", cookie: laptop.cookie })).json.alerts).toEqual({ ...DEFAULTS, notifications: true, sound: true });
    const off = await t.call({ method: "PATCH", path: "/api/console/me/alerts", body: { newMessage: false }, cookie: laptop.cookie, csrf: laptop.csrf });
    expect(off.json.alerts).toEqual({ ...DEFAULTS, notifications: true, sound: true, newMessage: false });
  }, 30_000);

  const bad: [name: string, body: unknown, field: string | undefined, mustNot: string][] = [
    ["a string for a flag", { sound: "yes" }, "sound", "yes"],
    ["a number for a flag", { badge: 1 }, "badge", "1"],
    // note: an unexpected key is the caller's input, so the error names it "*", never echoes it.
    ["an unknown key", { volume: true }, "*", "volume"],
    ["another account's id", { userId: "usr_other", sound: true }, "*", "usr_other"],
    ["no choice at all", {}, undefined, "node_modules"],
    ["not an object", [true], "*", "node_modules"],
  ];
  for (const [name, body, field, mustNot] of bad) {
    test(`422 for ${name}, and nothing saved`, async () => {
      const t = await makeConsole();
      const ann = await t.addUser("ann@acme.test", "operator");
      const r = await t.call({ method: "PATCH", path: "/api/console/me/alerts", body, cookie: ann.cookie, csrf: ann.csrf });
      expect([r.status, r.json.error.code, r.json.error.field]).toEqual([422, "invalid_field", field]);
      expect(r.text).not.toContain(mustNot);
      expect((await t.call({ path: "/api/console/me/alerts", cookie: ann.cookie })).json.alerts).toEqual(DEFAULTS);
    });
  }

  test("one operator's change leaves another's alone; signed out is 401, no CSRF token 403, a bad JSON body 4xx", async () => {
    const t = await makeConsole();
    const ann = await t.addUser("ann@acme.test", "operator");
    const bob = await t.addUser("bob@acme.test", "owner");
    const patch = (who: { cookie?: string; csrf?: string }, body: unknown) => t.call({ method: "PATCH", path: "/api/console/me/alerts", body, ...who });
    expect((await patch(bob, { sound: true, notifications: true })).status).toBe(200);
    expect((await t.call({ path: "/api/console/me/alerts", cookie: ann.cookie })).json.alerts).toEqual(DEFAULTS);
    // note: Ann's cookie with Bob's CSRF token changes nothing for either.
    expect((await patch({ cookie: ann.cookie, csrf: bob.csrf }, { waiting: false })).status).toBe(403);
    expect((await patch({ cookie: ann.cookie }, { waiting: false })).status).toBe(403);
    expect((await patch({}, { waiting: false })).status).toBe(401);
    expect((await t.call({ path: "/api/console/me/alerts" })).status).toBe(401);
    const broken = await t.call({ method: "PATCH", path: "/api/console/me/alerts", raw: "{not json", cookie: ann.cookie, csrf: ann.csrf });
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect((await t.call({ path: "/api/console/me/alerts", cookie: ann.cookie })).json.alerts).toEqual(DEFAULTS);
    expect((await t.call({ path: "/api/console/me/alerts", cookie: bob.cookie })).json.alerts).toEqual({ ...DEFAULTS, sound: true, notifications: true });
  }, 30_000);
});

// note: the console used to count its inbox list (the 100 newest open conversations); the count is now the server's.
describe("unread count", () => {
  test("every open conversation with a customer message the operator has not seen, past the inbox's 100; reading one takes one off", async () => {
    const t = await makeApp({ config: { limits: { visitorsPerMinute: 1000, conversationsPerHour: 1000 } } });
    const acme = t.ws.workspace.id;
    const ann = await addUser(t, "Ann", "operator");
    const bob = await addUser(t, "Bob", "owner");
    const people = [];
    for (let i = 0; i < 130; i++) {
      const v = await visitor(t);
      people.push({ v, conv: await conversationOf(t, v, `Question ${i}`) });
    }
    const other = await secondWorkspace(t);
    await conversationOf(t, await visitor(t, { key: other.publicKey }), "Elsewhere");
    const unread = (u: typeof ann, except?: string) => t.call(asUser(u, { path: `/api/console/me/unread?workspace=${acme}${except ? `&except=${except}` : ""}` }));
    const first = await unread(ann);
    expect([first.status, first.json, first.headers.get("cache-control")]).toEqual([200, { unread: 130, more: false }, "no-store"]);
    expect((await t.call(asUser(ann, { path: `/api/admin/conversations?workspace=${acme}&status=open&limit=100` }))).json.conversations).toHaveLength(100);

    const oldest = people[0]!.conv;
    expect((await t.call(asUser(ann, { path: `/api/admin/conversations/${oldest}/seen`, body: {} }))).status).toBe(204);
    expect((await unread(ann)).json).toEqual({ unread: 129, more: false });
    // note: unread is each operator's own, as in the inbox.
    expect((await unread(bob)).json).toEqual({ unread: 130, more: false });
    expect((await unread(bob, oldest)).json).toEqual({ unread: 129, more: false });
    expect((await send(t, people[0]!.v, { conversationId: oldest, body: "Still there?" })).status).toBe(201);
    expect((await unread(ann)).json).toEqual({ unread: 130, more: false });

    // note: a closed or snoozed conversation is not in the open inbox, so it does not count; reopened, it counts again.
    const [closed, snoozed] = [people[1]!.conv, people[2]!.conv];
    expect((await t.call(asUser(bob, { path: `/api/admin/conversations/${closed}/close`, body: {} }))).status).toBe(200);
    expect((await t.call(asUser(bob, { path: `/api/admin/conversations/${snoozed}/snooze`, body: { until: "2026-11-24T13:00:00Z" } }))).status).toBe(200);
    expect((await unread(ann)).json).toEqual({ unread: 128, more: false });
    t.clock.advance(2 * 60 * 60_000);
    expect((await t.call(asUser(bob, { path: `/api/admin/conversations/${closed}/reopen`, body: {} }))).status).toBe(200);
    expect((await unread(ann)).json).toEqual({ unread: 130, more: false });
    // note: the same conversations the inbox marks unread for Ann, read page by page.
    let marked = 0;
    for (let after = ""; ; ) {
      const page = await t.call(asUser(ann, { path: `/api/admin/conversations?workspace=${acme}&status=open&limit=100${after}` }));
      marked += page.json.conversations.filter((c: { unreadCount: number }) => c.unreadCount > 0).length;
      if (!page.json.nextCursor) break;
      after = `&after=${page.json.nextCursor}`;
    }
    expect(marked).toBe(130);

    // note: a new member starts with everything open it has not seen; a removed one reads nothing of the workspace.
    const cy = await addUser(t, "Cy", "operator");
    expect((await unread(cy)).json).toEqual({ unread: 130, more: false });
    await t.store.write((tx) => tx.delete(memberships).where(and(eq(memberships.userId, cy.id), eq(memberships.workspaceId, acme))).run());
    expect([(await unread(cy)).status, await count(t, "operator_unread", `operator_ref = 'user:${cy.id}'`)]).toEqual([404, 0]);
    const gus = await addUser(t, "Gus", "operator", other.workspace.id);
    expect((await unread(gus)).status).toBe(404);
    expect((await t.call(asUser(gus, { path: `/api/console/me/unread?workspace=${other.workspace.id}` }))).json).toEqual({ unread: 1, more: false });
    expect((await t.call({ path: `/api/console/me/unread?workspace=${acme}` })).status).toBe(401);
  }, 60_000);

  test("the count stops at 999 and says there are more; one fewer is the whole count", async () => {
    const t = await makeApp({ config: { limits: { visitorsPerMinute: 2000, conversationsPerHour: 2000 } } });
    const acme = t.ws.workspace.id;
    const ann = await addUser(t, "Ann", "operator");
    const convs = [];
    for (let i = 0; i < 1000; i++) convs.push(await conversationOf(t, await visitor(t), `Question ${i}`));
    const unread = (except?: string) => t.call(asUser(ann, { path: `/api/console/me/unread?workspace=${acme}${except ? `&except=${except}` : ""}` }));
    expect((await unread()).json).toEqual({ unread: 999, more: true });
    expect((await unread(convs[0])).json).toEqual({ unread: 999, more: false });
    expect((await t.call(asUser(ann, { path: `/api/admin/conversations/${convs[1]}/seen`, body: {} }))).status).toBe(204);
    expect((await unread(convs[0])).json).toEqual({ unread: 998, more: false });
  }, 120_000);
});
