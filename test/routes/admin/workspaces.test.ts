// /api/admin/workspaces: list, create (with the creator's access), read, rename and merge settings.
import { describe, expect, test } from "bun:test";
import { BUG_FORM, scenarios } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld, type AdminWorld } from "./fixture";

type W = AdminWorld;
const ws = (id: string) => `/api/admin/workspaces/${id}`;

describe("workspaces", () => {
  scenarios(makeAdminWorld, [
    {
      name: "GET /workspaces/:id: name, settings, role and creation time",
      request: (w: W) => ({ path: ws(w.acme), token: w.t.adminToken }),
      status: 200,
      check: (r, w) =>
        expect(r.json).toEqual({
          workspace: { id: w.acme, name: "Acme", settings: { theme: "auto", identity: "optional", survey: null, ticketForms: [], ai: null }, aiProvider: { source: "none" }, role: "owner", createdAt: "2026-11-24T12:00:00.000Z" },
        }),
    },
    { name: "an empty bearer token: 401", request: () => ({ path: ws("ws_nope"), token: "" }), status: 401, code: "unauthorized" },
    { name: "GET /workspaces/:id unknown, all-workspace token: 404", request: (w: W) => asToken(w.t.adminToken, { path: ws("ws_nope") }), status: 404, code: "workspace_not_found" },
    { name: "GET /workspaces/:id of Acme with the Globex token: 404", request: (w: W) => asToken(w.globexToken, { path: ws(w.acme) }), status: 404, code: "workspace_not_found", notExpectedContent: (w: W) => w.acmeSecrets.slice(1) },
    {
      name: "PATCH of Acme with the Globex token: 404, nothing changed",
      request: (w: W) => asToken(w.globexToken, { method: "PATCH", path: ws(w.acme), body: { name: "Pwned", settings: { theme: "dark" } } }),
      status: 404,
      code: "workspace_not_found",
      check: async (_r, w) => expect((await w.t.admin({ path: ws(w.acme) })).json.workspace).toMatchObject({ name: "Acme", settings: { theme: "auto" } }),
    },
    {
      name: "POST /workspaces by a token: 201 with the key and secret, shown once",
      request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/workspaces", body: { name: "  Initech " } }),
      status: 201,
      check: async (r, w) => {
        expect(r.json.workspace).toMatchObject({ name: "Initech", role: "owner", settings: { theme: "auto" } });
        expect(r.json.publicKey).toMatch(/^pk_ws_[0-9A-Za-z]{22,}$/);
        expect(r.json.identitySecret).toMatch(/^sk_id_[0-9A-Za-z]{32,}$/);
        const again = await w.t.admin({ path: ws(r.json.workspace.id) });
        expect(again.text).not.toContain(r.json.identitySecret);
        expect((await w.t.session({ key: r.json.publicKey })).json.workspace).toEqual({ name: "Initech" });
      },
    },
    { name: "POST /workspaces with an empty name: 422 naming name", request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/workspaces", body: { name: "   " } }), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("name") },
    { name: "POST /workspaces with a long name: 422", request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/workspaces", body: { name: "x".repeat(81) } }), status: 422 },
    {
      name: "PATCH with an unknown theme: 422 naming settings.theme",
      request: (w: W) => asToken(w.t.adminToken, { method: "PATCH", path: ws(w.acme), body: { settings: { theme: "neon" } } }),
      status: 422,
      check: (r) => expect(r.json.error.field).toBe("settings.theme"),
    },
    {
      name: "PATCH with two ticket forms of one key: 422 naming the form",
      request: (w: W) => asToken(w.t.adminToken, { method: "PATCH", path: ws(w.acme), body: { settings: { ticketForms: [BUG_FORM, BUG_FORM] } } }),
      status: 422,
      check: (r) => expect(r.json.error.field).toBe("settings.ticketForms.1.key"),
    },
    {
      name: "PATCH with ticket forms: stored and shown",
      request: (w: W) => asToken(w.t.adminToken, { method: "PATCH", path: ws(w.acme), body: { settings: { ticketForms: [BUG_FORM] } } }),
      status: 200,
      check: (r) => expect(r.json.workspace.settings.ticketForms).toEqual([BUG_FORM]),
    },
  ]);

  test("PATCH settings merges: set survey, then theme, and survey is kept", async () => {
    const w = await makeAdminWorld();
    expect((await w.t.admin({ method: "PATCH", path: ws(w.acme), body: { settings: { survey: "nps" } } })).status).toBe(200);
    const r = await w.t.admin({ method: "PATCH", path: ws(w.acme), body: { settings: { theme: "dark" } } });
    expect(r.json.workspace.settings).toEqual({ theme: "dark", identity: "optional", survey: "nps", ticketForms: [], ai: null });
    expect(r.json.workspace.name).toBe("Acme");
    const renamed = await w.t.admin({ method: "PATCH", path: ws(w.acme), body: { name: "Acme Two" } });
    expect(renamed.json.workspace).toMatchObject({ name: "Acme Two", settings: { theme: "dark", survey: "nps" } });
  });

  test("concurrent PATCHes of different settings both land", async () => {
    const w = await makeAdminWorld();
    const patch = (settings: object) => w.t.admin({ method: "PATCH", path: ws(w.acme), body: { settings } });
    const answers = await Promise.all([patch({ theme: "dark" }), patch({ survey: "csat" }), patch({ identity: "required" })]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await w.t.admin({ path: ws(w.acme) })).json.workspace.settings).toMatchObject({ theme: "dark", survey: "csat", identity: "required" });
  });

  test("a settings change reaches the widget at once (the key cache is cleared)", async () => {
    const w = await makeAdminWorld();
    expect((await w.t.session()).json.settings.theme).toBe("auto");
    await w.t.admin({ method: "PATCH", path: ws(w.acme), body: { name: "Acme Live", settings: { theme: "dark", identity: "required" } } });
    const s = await w.t.session();
    expect(s.json.settings).toMatchObject({ theme: "dark", identity: "required" });
    expect(s.json.workspace).toEqual({ name: "Acme Live" });
    const unsigned = await w.t.session({ identity: { email: "x@example.com" } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error.code).toBe("identity_verification_required");
  });

  test("an owner who creates a workspace becomes its owner; the other members of Acme do not reach it", async () => {
    const w = await makeAdminWorld();
    w.t.clock.advance(1_000);
    const made = await w.t.call(asUser(w.owner, { path: "/api/admin/workspaces", body: { name: "Side project" } }));
    expect(made.status).toBe(201);
    const list = await w.t.call(asUser(w.owner, { path: "/api/admin/workspaces" }));
    expect(list.json.workspaces.map((x: any) => [x.name, x.role])).toEqual([
      ["Acme", "owner"],
      ["Side project", "owner"],
    ]);
    expect((await w.t.call(asUser(w.admin, { path: ws(made.json.workspace.id) }))).status).toBe(404);
    const patch = await w.t.call(asUser(w.owner, { method: "PATCH", path: ws(made.json.workspace.id), body: { settings: { theme: "light" } } }));
    expect(patch.status).toBe(200);
  });

  test("a scoped token that creates a workspace may use it, and still not Acme", async () => {
    const w = await makeAdminWorld();
    w.t.clock.advance(1_000);
    const made = await w.t.call(asToken(w.globexToken, { path: "/api/admin/workspaces", body: { name: "Globex EU" } }));
    expect(made.status).toBe(201);
    const list = await w.t.call(asToken(w.globexToken, { path: "/api/admin/workspaces" }));
    expect(list.json.workspaces.map((x: any) => x.name)).toEqual(["Globex", "Globex EU"]);
    w.t.clock.advance(60_000);
    expect((await w.t.call(asToken(w.globexToken, { path: ws(made.json.workspace.id) }))).status).toBe(200);
    expect((await w.t.call(asToken(w.globexToken, { path: ws(w.acme) }))).status).toBe(404);
  });

  test("the all-workspace token sees workspaces created after it", async () => {
    const w = await makeAdminWorld();
    const made = await w.t.call(asToken(w.globexToken, { path: "/api/admin/workspaces", body: { name: "Later" } }));
    const list = await w.t.admin({ path: "/api/admin/workspaces" });
    expect(list.json.workspaces.map((x: any) => x.id)).toContain(made.json.workspace.id);
  });
});
