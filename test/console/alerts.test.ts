// Alert choices over app.handle: defaults, a change saved with the account (another session of the same
// operator reads it), validation as 422 naming the field, and no way to read or change another operator's.
import { describe, expect, test } from "bun:test";
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
