// Account changes over app.handle: password and email with re-authentication, ending other sessions,
// member roles (owners only, the last owner stays) and pending invites (listed without tokens, revoked).
import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { makeConsole, PASSWORD } from "./fixture";

describe("own account", () => {
  test("changing the password needs the current one and ends every other session, not this one", async () => {
    const t = await makeConsole();
    const me = await t.addUser("ann@acme.test", "operator");
    const laptop = await t.signIn("ann@acme.test");
    const change = (body: unknown) => t.call({ path: "/api/console/me/password", body, cookie: me.cookie, csrf: me.csrf });
    const wrong = await change({ currentPassword: "not it at all", password: "a new passphrase" });
    expect([wrong.status, wrong.json.error.code, wrong.json.error.field]).toEqual([401, "invalid_credentials", "currentPassword"]);
    expect((await change({ currentPassword: PASSWORD, password: "short" })).status).toBe(422);
    expect((await change({ currentPassword: PASSWORD, password: "a new passphrase" })).status).toBe(204);
    expect((await t.call({ path: "/api/console/me", cookie: me.cookie })).status).toBe(200);
    expect((await t.call({ path: "/api/console/me", cookie: laptop.cookie })).status).toBe(401);
    expect((await t.call({ path: "/api/console/login", body: { email: "ann@acme.test", password: PASSWORD } })).status).toBe(401);
    expect((await t.call({ path: "/api/console/login", body: { email: "ann@acme.test", password: "a new passphrase" } })).status).toBe(200);
  }, 30_000);

  test("changing the email needs the password; another account's email is a 409", async () => {
    const t = await makeConsole();
    const me = await t.addUser("bea@acme.test", "operator");
    await t.addUser("taken@acme.test", "operator");
    const change = (body: unknown) => t.call({ path: "/api/console/me/email", body, cookie: me.cookie, csrf: me.csrf });
    expect((await change({ currentPassword: "wrong password!", email: "bea@new.test" })).status).toBe(401);
    expect([(await change({ currentPassword: PASSWORD, email: "Taken@acme.test" })).json.error.code]).toEqual(["email_taken"]);
    expect((await change({ currentPassword: PASSWORD, email: "not-an-email" })).status).toBe(422);
    const ok = await change({ currentPassword: PASSWORD, email: " Bea@New.test" });
    expect([ok.status, ok.json.email]).toEqual([200, "bea@new.test"]);
    expect((await t.call({ path: "/api/console/login", body: { email: "bea@new.test", password: PASSWORD } })).status).toBe(200);
    expect((await t.call({ path: "/api/console/me/account", cookie: me.cookie })).json).toMatchObject({ email: "bea@new.test", mailNotify: false });
  }, 30_000);

  test("sign out other sessions keeps this one", async () => {
    const t = await makeConsole();
    const me = await t.addUser("cy@acme.test", "admin");
    const phone = await t.signIn("cy@acme.test");
    const tablet = await t.signIn("cy@acme.test");
    expect((await t.call({ path: "/api/console/me/account", cookie: me.cookie })).json.sessions).toBe(3);
    const r = await t.call({ path: "/api/console/me/sessions/end-others", body: {}, cookie: me.cookie, csrf: me.csrf });
    expect([r.status, r.json.ended]).toEqual([200, 2]);
    for (const s of [phone, tablet]) expect((await t.call({ path: "/api/console/me", cookie: s.cookie })).status).toBe(401);
    expect((await t.call({ path: "/api/console/me", cookie: me.cookie })).status).toBe(200);
    // a change without the CSRF token changes nothing
    expect((await t.call({ path: "/api/console/me/sessions/end-others", body: {}, cookie: me.cookie })).status).toBe(403);
  }, 30_000);
});

describe("team", () => {
  test("owners change roles; admins and operators may not; the last owner stays", async () => {
    const t = await makeConsole();
    const ws = t.acme.workspace.id;
    const owner = await t.addUser("olive@acme.test", "owner");
    const admin = await t.addUser("adam@acme.test", "admin");
    const op = await t.addUser("otto@acme.test", "operator");
    const setRole = (who: typeof owner, userId: string, role: string) => t.call({ method: "PATCH", path: `/api/console/workspaces/${ws}/members/${userId}`, body: { role }, cookie: who.cookie, csrf: who.csrf });
    expect((await setRole(admin, op.id, "admin")).status).toBe(403);
    expect((await setRole(op, op.id, "owner")).status).toBe(403);
    expect((await setRole(owner, op.id, "admin")).status).toBe(204);
    expect((await setRole(owner, op.id, "boss")).status).toBe(422);
    expect((await setRole(owner, "usr_nobody", "admin")).status).toBe(404);
    expect((await setRole(owner, owner.id, "operator")).json.error.code).toBe("last_owner");
    const members = (await t.call({ path: `/api/console/workspaces/${ws}/members`, cookie: owner.cookie })).json.members;
    expect(members.find((m: any) => m.userId === op.id).role).toBe("admin");
    expect(members.find((m: any) => m.userId === admin.id).role).toBe("admin");
  }, 30_000);

  test("pending invites are listed without their tokens and revoked; admins revoke operator invites only", async () => {
    const t = await makeConsole();
    const ws = t.acme.workspace.id;
    const owner = await t.addUser("olive@acme.test", "owner");
    const admin = await t.addUser("adam@acme.test", "admin");
    const invite = async (role: string) => (await t.call({ path: "/api/console/invites", body: { workspaceId: ws, role }, cookie: owner.cookie, csrf: owner.csrf })).json.url as string;
    const opUrl = await invite("operator");
    const adminUrl = await invite("admin");
    const list = await t.call({ path: `/api/console/workspaces/${ws}/invites`, cookie: admin.cookie });
    expect(list.json.invites.map((i: any) => i.role)).toEqual(["operator", "admin"]);
    for (const url of [opUrl, adminUrl]) expect(list.text).not.toContain(url.split("/").pop()!);
    const [opInvite, adminInvite] = list.json.invites;
    const revoke = (who: typeof owner, id: string) => t.call({ path: `/api/console/workspaces/${ws}/invites/${id}/revoke`, body: {}, cookie: who.cookie, csrf: who.csrf });
    expect((await revoke(admin, adminInvite.id)).status).toBe(403);
    expect((await revoke(admin, opInvite.id)).status).toBe(204);
    expect((await revoke(admin, opInvite.id)).status).toBe(404);
    expect((await t.call({ path: `/api/console/links/${opUrl.split("/").pop()}` })).status).toBe(404);
    expect((await revoke(owner, adminInvite.id)).status).toBe(204);
    expect((await t.call({ path: `/api/console/workspaces/${ws}/invites`, cookie: owner.cookie })).json.invites).toEqual([]);
  }, 30_000);
});

describe("without SMTP", () => {
  test("forgot answers 202 for an account and a stranger alike and makes no link; replies are not queued", async () => {
    const t = await makeConsole();
    await t.addUser("dee@acme.test", "owner");
    for (const email of ["dee@acme.test", "nobody@acme.test", ""]) expect((await t.call({ path: "/api/console/password/forgot", body: { email } })).status).toBe(202);
    expect(await t.store.db.all(sql`SELECT * FROM password_reset`)).toEqual([]);
    expect(await t.ctx.mail.sendDue()).toBe(0);
  }, 30_000);
});
