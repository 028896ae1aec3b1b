// admin.auth: bearer tokens, console cookies with CSRF checks, roles, and 404 for what is not yours.
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { adminTokens } from "../../../db/schema";
import { scenarios } from "../../helpers/builders";
import { addUser, asToken, asUser, makeAdminWorld, type AdminWorld } from "./fixture";

type W = AdminWorld;
const wsPath = (w: W) => `/api/admin/workspaces/${w.acme}`;

describe("operator API authentication", () => {
  scenarios(makeAdminWorld, [
    { name: "no credentials: 401 unauthorized", request: () => ({ path: "/api/admin/workspaces" }), status: 401, code: "unauthorized" },
    { name: "no credentials, bad body: still 401 (auth before validation)", request: (w: W) => ({ method: "PATCH", path: wsPath(w), body: { name: 42 } }), status: 401, code: "unauthorized" },
    { name: "an unknown bearer token: 401", request: () => asToken("woes_at_notarealtokennotarealtokennotarealtoken", { path: "/api/admin/workspaces" }), status: 401, code: "unauthorized" },
    { name: "a visitor token as bearer: 401", request: (w: W) => asToken(w.a.token, { path: "/api/admin/workspaces" }), status: 401, code: "unauthorized" },
    { name: "a stale session cookie: 401", request: () => ({ path: "/api/admin/workspaces", headers: { cookie: "woes_session=abcdefabcdefabcdefabcdef" } }), status: 401, code: "unauthorized" },
    {
      name: "the all-workspace token lists every workspace",
      request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/workspaces" }),
      status: 200,
      expectedContent: (w: W) => [w.acme, w.other.workspace.id],
      check: (r) => expect(r.headers.get("cache-control")).toBe("no-store"),
    },
    {
      name: "a scoped token lists only its workspace",
      request: (w: W) => asToken(w.globexToken, { path: "/api/admin/workspaces" }),
      status: 200,
      expectedContent: (w: W) => [w.other.workspace.id, "Globex"],
      notExpectedContent: (w: W) => w.acmeSecrets,
    },
    {
      name: "a cookie GET needs no CSRF token",
      request: (w: W) => asUser(w.operator, { path: "/api/admin/workspaces" }, { csrf: null, origin: null }),
      status: 200,
      check: (r, w) => expect(r.json.workspaces.map((x: any) => [x.id, x.role])).toEqual([[w.acme, "operator"]]),
    },
    {
      name: "a cookie POST without x-csrf-token: 403 csrf_failed",
      request: (w: W) => asUser(w.owner, { method: "PATCH", path: wsPath(w), body: { name: "Pwned" } }, { csrf: null }),
      status: 403,
      code: "csrf_failed",
    },
    {
      name: "a cookie POST with another session's CSRF token: 403 csrf_failed",
      request: (w: W) => asUser(w.owner, { method: "PATCH", path: wsPath(w), body: { name: "Pwned" } }, { csrf: w.admin.csrf }),
      status: 403,
      code: "csrf_failed",
    },
    {
      name: "a cookie POST from a foreign Origin: 403 csrf_failed",
      request: (w: W) => asUser(w.owner, { method: "PATCH", path: wsPath(w), body: { name: "Pwned" } }, { origin: "https://evil.example" }),
      status: 403,
      code: "csrf_failed",
    },
    {
      name: "a cookie reply marked Sec-Fetch-Site cross-site: 403 csrf_failed",
      request: (w: W) => asUser(w.owner, { path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "x" }, headers: { "sec-fetch-site": "cross-site" } }, { origin: null }),
      status: 403,
      code: "csrf_failed",
    },
    {
      name: "a cookie DELETE without CSRF: 403 csrf_failed",
      request: (w: W) => asUser(w.owner, { method: "DELETE", path: `${wsPath(w)}/keys/${w.t.ws.publicKey}` }, { csrf: null }),
      status: 403,
      code: "csrf_failed",
    },
    {
      name: "a cookie PATCH with CSRF token and same Origin: 200",
      request: (w: W) => asUser(w.owner, { method: "PATCH", path: wsPath(w), body: { name: "Acme Inc" } }),
      status: 200,
      expectedContent: ["Acme Inc"],
    },
    {
      name: "a cookie PATCH with CSRF token and no Origin: 200",
      request: (w: W) => asUser(w.admin, { method: "PATCH", path: wsPath(w), body: { name: "Acme Co" } }, { origin: null }),
      status: 200,
    },
    {
      name: "an operator-role user cannot change settings: 403 forbidden",
      request: (w: W) => asUser(w.operator, { method: "PATCH", path: wsPath(w), body: { settings: { theme: "dark" } } }),
      status: 403,
      code: "forbidden",
      check: async (_r, w) => expect((await w.t.admin({ path: wsPath(w) })).json.workspace.settings.theme).toBe("auto"),
    },
    {
      name: "an operator-role user cannot create keys: 403 forbidden",
      request: (w: W) => asUser(w.operator, { path: `${wsPath(w)}/keys`, body: { kind: "workspace" } }),
      status: 403,
      code: "forbidden",
    },
    {
      name: "an operator-role user cannot create agents: 403 forbidden",
      request: (w: W) => asUser(w.operator, { path: `${wsPath(w)}/agents`, body: { name: "Bot" } }),
      status: 403,
      code: "forbidden",
    },
    {
      name: "an operator-role user cannot reveal the identity secret: 403 forbidden",
      request: (w: W) => asUser(w.operator, { path: `${wsPath(w)}/identity-secret` }),
      status: 403,
      code: "forbidden",
    },
    {
      name: "an operator-role user cannot rotate the identity secret: 403 forbidden",
      request: (w: W) => asUser(w.operator, { path: `${wsPath(w)}/identity-secret/rotate`, method: "POST" }),
      status: 403,
      code: "forbidden",
    },
    {
      name: "an operator-role user may reply",
      request: (w: W) => asUser(w.operator, { path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "On it" } }),
      status: 201,
      check: (r) => expect(r.json.message.author).toEqual({ kind: "operator", name: "Opal", avatarUrl: null }),
    },
    { name: "an operator-role user may close", request: (w: W) => asUser(w.operator, { path: `/api/admin/conversations/${w.convA}/close`, method: "POST" }), status: 200 },
    {
      name: "a user of another workspace: 404 workspace_not_found, not 403",
      request: (w: W) => asUser(w.globexUser, { method: "PATCH", path: wsPath(w), body: { name: "Pwned" } }),
      status: 404,
      code: "workspace_not_found",
      notExpectedContent: (w: W) => w.acmeSecrets.slice(1),
    },
    {
      name: "a user with no membership sees no workspaces",
      setup: async (w: W) => Object.assign(w, { lonely: await addUser(w.t, "Lou", null) }),
      request: (w: any) => asUser(w.lonely, { path: "/api/admin/workspaces" }),
      status: 200,
      check: (r) => expect(r.json).toEqual({ workspaces: [] }),
    },
  ]);

  test("a token revoked in the database (as by the CLI, another process) is refused on the very next request", async () => {
    const w = await makeAdminWorld();
    expect((await w.t.admin({ path: "/api/admin/workspaces" })).status).toBe(200);
    await w.t.store.write((tx) => tx.update(adminTokens).set({ revokedAt: w.t.clock.now() }).run());
    expect((await w.t.admin({ path: "/api/admin/workspaces" })).status).toBe(401);
  });

  test("a token with the bearer and a cookie: the bearer decides, and needs no CSRF token", async () => {
    const w = await makeAdminWorld();
    const r = await w.t.call(asToken(w.globexToken, { method: "PATCH", path: `/api/admin/workspaces/${w.other.workspace.id}`, body: { name: "Globex 2" }, headers: { cookie: w.owner.cookie } }));
    expect(r.status).toBe(200);
    const acme = await w.t.call(asToken(w.globexToken, { path: wsPath(w), headers: { cookie: w.owner.cookie } }));
    expect(acme.status).toBe(404);
  });

  test("tokens are stored hashed", async () => {
    const w = await makeAdminWorld();
    const rows = await w.t.store.db.select().from(adminTokens).where(eq(adminTokens.name, "globex-ci")).all();
    expect(JSON.stringify(rows)).not.toContain(w.globexToken);
  });
});
