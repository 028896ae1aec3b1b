// Console accounts over app.handle: the setup link, sign-in and out, cookie flags, throttling, invites and roles.
import { describe, expect, test } from "bun:test";
import { and, eq, isNull } from "drizzle-orm";
import { invites, memberships, users, workspaces } from "../../db/schema";
import { createInvite } from "../../src/accounts/invites";
import { createWorkspace } from "../../src/domain/workspaces";
import { cookieOf, makeConsole, PASSWORD } from "./fixture";

const owner = { name: "Olive Owner", email: "Olive@Example.com", password: PASSWORD };

describe("setup link", () => {
  test("works once: creates the owner of every workspace, renames the first, signs in", async () => {
    const t = await makeConsole();
    t.clock.advance(1000);
    const other = await createWorkspace(t.store, "Beta", t.clock.now());
    expect((await t.call({ path: `/api/console/links/${t.setupToken}` })).json).toMatchObject({ kind: "setup", role: "owner" });
    const r = await t.call({ path: "/api/console/setup", body: { token: t.setupToken, ...owner, workspaceName: "Acme Support" } });
    expect(r.status).toBe(200);
    expect(r.json.user).toMatchObject({ name: "Olive Owner", email: "olive@example.com" });
    expect(r.json.memberships.map((m: any) => [m.workspaceId, m.role])).toEqual([
      [t.acme.workspace.id, "owner"],
      [other.workspace.id, "owner"],
    ]);
    expect(r.json.memberships[0].workspaceName).toBe("Acme Support");
    expect(r.text).not.toContain("passwordHash");
    const me = await t.call({ path: "/api/console/me", cookie: cookieOf(r.headers) });
    expect(me.status).toBe(200);
    expect(me.json.csrfToken).toBe(r.json.csrfToken);

    const again = await t.call({ path: "/api/console/setup", body: { token: t.setupToken, ...owner, email: "second@example.com" } });
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe("already_set_up");
    expect((await t.call({ path: `/api/console/links/${t.setupToken}` })).status).toBe(404);
  });

  test.each([
    ["unknown token", { token: "x".repeat(32) }, 404, "invite_invalid"],
    ["short password", { password: "short" }, 422, "invalid_field"],
    ["bad email", { email: "not-an-email" }, 422, "invalid_field"],
    ["empty name", { name: "  " }, 422, "invalid_field"],
  ])("refuses %s", async (_name, patch, status, code) => {
    const t = await makeConsole();
    const r = await t.call({ path: "/api/console/setup", body: { token: t.setupToken, ...owner, ...patch } });
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
    expect(r.text).not.toContain(PASSWORD);
  });

  test("creating the owner voids every other setup link, and its link page says the console is set up", async () => {
    const t = await makeConsole();
    const older = await createInvite(t.store, { kind: "setup", role: "owner" }, t.clock.now());
    expect((await t.call({ path: "/api/console/setup", body: { token: t.setupToken, ...owner } })).status).toBe(200);
    const late = await t.call({ path: "/api/console/setup", body: { token: older.token, ...owner, email: "mallory@example.com" } });
    expect([late.status, late.json.error.code]).toEqual([404, "already_set_up"]);
    expect((await t.call({ path: `/api/console/links/${older.token}` })).json.error.code).toBe("already_set_up");
    expect(await t.store.db.select().from(invites).where(isNull(invites.usedAt)).all()).toEqual([]);
    expect((await t.store.db.select().from(users).all()).map((u) => u.email)).toEqual(["olive@example.com"]);
  });

  test("a setup link is refused once any account exists, even a fresh one", async () => {
    const t = await makeConsole();
    await t.addUser("opal@example.com", "operator");
    const fresh = await createInvite(t.store, { kind: "setup", role: "owner" }, t.clock.now());
    const r = await t.call({ path: "/api/console/setup", body: { token: fresh.token, ...owner } });
    expect([r.status, r.json.error.code]).toEqual([404, "already_set_up"]);
    expect(await t.store.db.select().from(memberships).where(eq(memberships.role, "owner")).all()).toEqual([]);
  });

  test("two setups at once, with two links, make one owner", async () => {
    const t = await makeConsole();
    const links = [t.setupToken, ...(await Promise.all([1, 2, 3].map(() => createInvite(t.store, { kind: "setup", role: "owner" }, t.clock.now())))).map((l) => l.token)];
    const answers = await Promise.all(links.map((token, i) => t.call({ path: "/api/console/setup", body: { token, ...owner, email: `owner${i}@example.com` } })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 404, 404, 404]);
    expect(await t.store.db.select().from(users).all()).toHaveLength(1);
    expect(await t.store.db.select().from(memberships).where(eq(memberships.role, "owner")).all()).toHaveLength(1);
  });

  test("expires after 24 hours", async () => {
    const t = await makeConsole();
    t.clock.advance(24 * 3_600_000 + 1);
    expect((await t.call({ path: "/api/console/setup", body: { token: t.setupToken, ...owner } })).status).toBe(404);
  });
});

describe("sign-in", () => {
  test("login, me, logout; the cookie is HttpOnly, SameSite=Lax, Path=/ and not Secure over http", async () => {
    const t = await makeConsole();
    await t.call({ path: "/api/console/setup", body: { token: t.setupToken, ...owner } });
    expect((await t.call({ path: "/api/console/login", body: { email: owner.email, password: "wrong password!" } })).json.error.code).toBe("invalid_credentials");
    const r = await t.call({ path: "/api/console/login", body: { email: " olive@example.COM ", password: PASSWORD } });
    expect(r.status).toBe(200);
    const set = r.headers.get("set-cookie")!;
    expect(set).toMatch(/^woes_session=[0-9A-Za-z]{43};/);
    for (const flag of ["HttpOnly", "SameSite=Lax", "Path=/"]) expect(set).toContain(flag);
    expect(set).not.toContain("Secure");
    const cookie = cookieOf(r.headers);
    expect((await t.call({ path: "/api/console/logout", method: "POST", cookie })).json.error.code).toBe("csrf_failed");
    const out = await t.call({ path: "/api/console/logout", method: "POST", cookie, csrf: r.json.csrfToken });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await t.call({ path: "/api/console/me", cookie })).status).toBe(401);
  });

  test.each([
    ["--public-url is https", { publicUrl: "https://chat.example.com" }, "http://localhost"],
    ["the request is https", {}, "https://localhost"],
  ])("the cookie is Secure when %s", async (_n, config, base) => {
    const t = await makeConsole(config);
    const origin = (config as any).publicUrl ?? base;
    const r = await t.call({ base, origin, path: "/api/console/setup", body: { token: t.setupToken, ...owner } });
    expect(r.status).toBe(200);
    expect(r.headers.get("set-cookie")).toContain("; Secure");
  });

  test("five wrong passwords lock that email from that address for 15 minutes", async () => {
    const t = await makeConsole();
    await t.call({ path: "/api/console/setup", body: { token: t.setupToken, ...owner } });
    const attempt = (password: string, address = "198.51.100.7") => t.call({ path: "/api/console/login", address, body: { email: owner.email, password } });
    for (let i = 1; i <= 4; i++) expect((await attempt(`wrong ${i} xxxxx`)).status).toBe(401);
    const fifth = await attempt("wrong 5 xxxxx");
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await attempt(PASSWORD)).status).toBe(429);
    expect((await attempt(PASSWORD, "198.51.100.8")).status).toBe(200);
    t.clock.advance(15 * 60_000);
    expect((await attempt(PASSWORD)).status).toBe(200);
  });

  test("an unknown email is a 401 like a wrong password, and counts toward the limit", async () => {
    const t = await makeConsole();
    const attempt = () => t.call({ path: "/api/console/login", body: { email: "nobody@example.com", password: PASSWORD } });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await attempt());
    expect(answers.map((r) => [r.status, r.json.error.code])).toEqual([...Array(4).fill([401, "invalid_credentials"]), [429, "too_many_attempts"]]);
    expect((await attempt()).status).toBe(429);
  });
});

describe("invites and roles", () => {
  test("an owner invites an operator once; the operator joins and cannot invite", async () => {
    const t = await makeConsole();
    const o = await t.addUser("owner@example.com", "owner");
    const inv = await t.call({ path: "/api/console/invites", cookie: o.cookie, csrf: o.csrf, body: { workspaceId: t.acme.workspace.id, role: "operator" } });
    expect(inv.status).toBe(201);
    expect(inv.json.url).toMatch(/^http:\/\/localhost\/admin\/invite\/[0-9A-Za-z]{32}$/);
    const token = inv.json.url.split("/").pop();
    expect((await t.call({ path: `/api/console/links/${token}` })).json).toMatchObject({ kind: "invite", role: "operator", workspaceName: "Acme" });
    const join = await t.call({ path: "/api/console/invites/accept", body: { token, name: "Opal", email: "opal@example.com", password: PASSWORD } });
    expect(join.status).toBe(200);
    expect(join.json.memberships).toEqual([{ workspaceId: t.acme.workspace.id, workspaceName: "Acme", role: "operator" }]);
    expect((await t.call({ path: "/api/console/invites/accept", body: { token, name: "Eve", email: "eve@example.com", password: PASSWORD } })).status).toBe(404);
    const op = await t.signIn("opal@example.com");
    const refused = await t.call({ path: "/api/console/invites", cookie: op.cookie, csrf: op.csrf, body: { workspaceId: t.acme.workspace.id, role: "operator" } });
    expect(refused.status).toBe(403);
  });

  test.each([
    ["admin invites an operator", "admin", "operator", 201],
    ["admin invites an admin", "admin", "admin", 403],
    ["admin invites an owner", "admin", "owner", 403],
    ["owner invites an owner", "owner", "owner", 201],
    ["operator invites an operator", "operator", "operator", 403],
  ] as const)("%s", async (_n, by, role, status) => {
    const t = await makeConsole();
    const u = await t.addUser(`${by}@example.com`, by);
    expect((await t.call({ path: "/api/console/invites", cookie: u.cookie, csrf: u.csrf, body: { workspaceId: t.acme.workspace.id, role } })).status).toBe(status);
  });

  test("nobody invites into a workspace they are not a member of (404, no oracle)", async () => {
    const t = await makeConsole();
    const beta = await createWorkspace(t.store, "Beta", t.clock.now());
    const o = await t.addUser("owner@example.com", "owner");
    const r = await t.call({ path: "/api/console/invites", cookie: o.cookie, csrf: o.csrf, body: { workspaceId: beta.workspace.id, role: "operator" } });
    expect(r.status).toBe(404);
    expect((await t.call({ path: `/api/console/workspaces/${beta.workspace.id}/members`, cookie: o.cookie })).status).toBe(404);
  });

  test("an existing account joins another workspace with its own password", async () => {
    const t = await makeConsole();
    const beta = await createWorkspace(t.store, "Beta", t.clock.now());
    await t.addUser("opal@example.com", "operator");
    const b = await t.addUser("boss@example.com", "owner", beta.workspace.id);
    const token = (await t.call({ path: "/api/console/invites", cookie: b.cookie, csrf: b.csrf, body: { workspaceId: beta.workspace.id, role: "admin" } })).json.url.split("/").pop();
    const wrong = await t.call({ path: "/api/console/invites/accept", body: { token, name: "Opal", email: "opal@example.com", password: "not the password" } });
    expect(wrong.status).toBe(401);
    const ok = await t.call({ path: "/api/console/invites/accept", body: { token, name: "Opal", email: "opal@example.com", password: PASSWORD } });
    expect(ok.json.memberships.map((m: any) => m.role).sort()).toEqual(["admin", "operator"]);
  });

  test("members: listed for members; owners remove people but never the last owner", async () => {
    const t = await makeConsole();
    const o = await t.addUser("owner@example.com", "owner");
    const op = await t.addUser("op@example.com", "operator");
    const list = await t.call({ path: `/api/console/workspaces/${t.acme.workspace.id}/members`, cookie: op.cookie });
    expect(list.json.members.map((m: any) => [m.email, m.role, m.you])).toEqual([
      ["owner@example.com", "owner", false],
      ["op@example.com", "operator", true],
    ]);
    const base = `/api/console/workspaces/${t.acme.workspace.id}/members`;
    expect((await t.call({ method: "DELETE", path: `${base}/${o.id}`, cookie: op.cookie, csrf: op.csrf })).status).toBe(403);
    expect((await t.call({ method: "DELETE", path: `${base}/${o.id}`, cookie: o.cookie, csrf: o.csrf })).json.error.code).toBe("last_owner");
    expect((await t.call({ method: "DELETE", path: `${base}/${op.id}`, cookie: o.cookie, csrf: o.csrf })).status).toBe(204);
    expect((await t.call({ path: "/api/console/me", cookie: op.cookie })).json.memberships).toEqual([]);
    expect(await t.store.db.select().from(workspaces).where(eq(workspaces.id, t.acme.workspace.id)).get()).toBeTruthy();
  });

  test("two owners removing each other at once leave one owner", async () => {
    const t = await makeConsole();
    const a = await t.addUser("a@example.com", "owner");
    const b = await t.addUser("b@example.com", "owner");
    const base = `/api/console/workspaces/${t.acme.workspace.id}/members`;
    const [ra, rb] = await Promise.all([
      t.call({ method: "DELETE", path: `${base}/${b.id}`, cookie: a.cookie, csrf: a.csrf }),
      t.call({ method: "DELETE", path: `${base}/${a.id}`, cookie: b.cookie, csrf: b.csrf }),
    ]);
    // note: the loser is refused as the last owner, or, when the winner's delete landed before its own request
    // was checked, as no longer a member; either way one owner is left.
    expect([[204, 404], [204, 409]]).toContainEqual([ra.status, rb.status].sort());
    const owners = await t.store.db.select().from(memberships).where(and(eq(memberships.workspaceId, t.acme.workspace.id), eq(memberships.role, "owner"))).all();
    expect(owners).toHaveLength(1);
  });

  test("two invites accepted at once with one email make one account; the other gets 409", async () => {
    const t = await makeConsole();
    const o = await t.addUser("owner@example.com", "owner");
    const link = async () => (await t.call({ path: "/api/console/invites", cookie: o.cookie, csrf: o.csrf, body: { workspaceId: t.acme.workspace.id, role: "operator" } })).json.url.split("/").pop();
    const [one, two] = await Promise.all([link(), link()]);
    const answers = await Promise.all([one, two].map((token) => t.call({ path: "/api/console/invites/accept", body: { token, name: "Opal", email: "opal@example.com", password: PASSWORD } })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 409)!.json.error.code).toBe("email_taken");
    expect(await t.store.db.select().from(users).where(eq(users.email, "opal@example.com")).all()).toHaveLength(1);
  });
});
