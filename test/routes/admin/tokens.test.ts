// Admin tokens in the operator API: owners list the tokens that reach their workspace and revoke
// them; revoked and expired tokens are refused at once; no answer ever carries a token.
import { describe, expect, test } from "bun:test";
import { createAdminToken } from "../../../src/domain/workspaces";
import { scenarios } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld, type AdminWorld } from "./fixture";

type W = AdminWorld;
const tokens = (w: W, ws = w.acme) => `/api/admin/workspaces/${ws}/tokens`;
const idOf = async (w: W, name: string) => (await w.t.call(asUser(w.owner, { path: tokens(w) }))).json.tokens.find((t: any) => t.name === name).id as string;

describe("admin tokens: who lists and revokes them", () => {
  scenarios(makeAdminWorld, [
    {
      name: "an owner lists the tokens that reach the workspace: never the token, never another workspace's scoped token",
      request: (w) => asUser(w.owner, { path: tokens(w) }),
      status: 200,
      expectedContent: ['"name":"test"', '"allWorkspaces":true', '"revoked":false', '"expiresAt":null'],
      notExpectedContent: ["woes_at_", "globex-ci", "tokenHash", "token_hash"],
    },
    { name: "an admin may not list tokens (they act as owners): 403", request: (w) => asUser(w.admin, { path: tokens(w) }), status: 403, code: "forbidden" },
    { name: "an operator may not list tokens: 403", request: (w) => asUser(w.operator, { path: tokens(w) }), status: 403, code: "forbidden" },
    { name: "a member of another workspace: 404", request: (w) => asUser(w.globexUser, { path: tokens(w) }), status: 404, code: "workspace_not_found" },
    {
      name: "an admin may not revoke a token: 403",
      request: async (w) => asUser(w.admin, { method: "DELETE", path: `${tokens(w)}/${await idOf(w, "test")}` }),
      status: 403,
      code: "forbidden",
    },
    {
      name: "a token scoped to another workspace cannot be revoked from this one: 404",
      request: async (w) => asUser(w.owner, { method: "DELETE", path: `${tokens(w)}/${(await w.t.call(asToken(w.globexToken, { path: tokens(w, w.other.workspace.id) }))).json.tokens.find((t: any) => t.name === "globex-ci").id}` }),
      status: 404,
      code: "token_not_found",
      check: async (_r, w) => expect((await w.t.call(asToken(w.globexToken, { path: "/api/admin/workspaces" }))).status).toBe(200),
    },
    {
      name: "the owner of Acme only may not revoke the all-workspace token: 403, and it still works on Globex",
      request: async (w) => asUser(w.owner, { method: "DELETE", path: `${tokens(w)}/${await idOf(w, "test")}` }),
      status: 403,
      code: "forbidden",
      check: async (_r, w) => {
        expect((await w.t.call(asToken(w.t.adminToken, { path: tokens(w, w.other.workspace.id) }))).status).toBe(200);
        expect((await w.t.call(asUser(w.owner, { path: tokens(w) }))).json.tokens.find((t: any) => t.name === "test")).toMatchObject({ revoked: false, revocable: false });
      },
    },
    {
      name: "the owner of Acme only may not revoke a token that reaches Acme and Globex: 403, and it still works on Globex",
      setup: async (w) => void (await createAdminToken(w.t.store, { name: "both-ci", workspaceIds: [w.acme, w.other.workspace.id] }, w.t.clock.now())),
      request: async (w) => asUser(w.owner, { method: "DELETE", path: `${tokens(w)}/${await idOf(w, "both-ci")}` }),
      status: 403,
      code: "forbidden",
      check: async (_r, w) => expect((await w.t.call(asUser(w.owner, { path: tokens(w) }))).json.tokens.find((t: any) => t.name === "both-ci")).toMatchObject({ revoked: false, revocable: false }),
    },
    {
      name: "the listing tells the owner which tokens are theirs to revoke",
      setup: async (w) => void (await createAdminToken(w.t.store, { name: "acme-ci", workspaceIds: [w.acme] }, w.t.clock.now())),
      request: (w) => asUser(w.owner, { path: tokens(w) }),
      status: 200,
      check: async (r) => expect(r.json.tokens.map((t: any) => [t.name, t.revocable]).sort()).toEqual([["acme-ci", true], ["test", false]]),
    },
    {
      name: "an all-workspace token revokes another all-workspace token: 204",
      setup: async (w) => void (await createAdminToken(w.t.store, { name: "old-ci" }, w.t.clock.now())),
      request: async (w) => asToken(w.t.adminToken, { method: "DELETE", path: `${tokens(w)}/${await idOf(w, "old-ci")}` }),
      status: 204,
      check: async (_r, w) => expect((await w.t.call(asUser(w.owner, { path: tokens(w) }))).json.tokens.find((t: any) => t.name === "old-ci").revoked).toBe(true),
    },
  ]);
});

describe("admin tokens: revoked and expired ones are refused at once", () => {
  test("an owner revokes a token in the console; its next request is 401 and the list marks it revoked", async () => {
    const w = await makeAdminWorld();
    const made = await createAdminToken(w.t.store, { name: "deploy bot", workspaceIds: [w.acme] }, w.t.clock.now());
    expect((await w.t.call(asToken(made.token, { path: "/api/admin/workspaces" }))).status).toBe(200);
    const r = await w.t.call(asUser(w.owner, { method: "DELETE", path: `${tokens(w)}/${made.id}` }));
    expect(r.status).toBe(204);
    expect((await w.t.call(asToken(made.token, { path: "/api/admin/workspaces" }))).status).toBe(401);
    const list = (await w.t.call(asUser(w.owner, { path: tokens(w) }))).json.tokens;
    expect(list.find((t: any) => t.id === made.id)).toMatchObject({ name: "deploy bot", revoked: true, allWorkspaces: false });
  });

  test("a token with an expiry works until then and is refused from that moment", async () => {
    const w = await makeAdminWorld();
    const made = await createAdminToken(w.t.store, { name: "ci", expiresAt: w.t.clock.now() + 86_400_000 }, w.t.clock.now());
    const ask = () => w.t.call(asToken(made.token, { path: "/api/admin/workspaces" }));
    expect((await ask()).status).toBe(200);
    w.t.clock.advance(86_400_000 - 1);
    expect((await ask()).status).toBe(200);
    w.t.clock.advance(1);
    const refused = await ask();
    expect([refused.status, refused.json.error.code]).toEqual([401, "unauthorized"]);
    const listed = (await w.t.call(asUser(w.owner, { path: tokens(w) }))).json.tokens.find((t: any) => t.id === made.id);
    expect(listed).toMatchObject({ expired: true, revoked: false, expiresAt: new Date(w.t.clock.now()).toISOString() });
  });
});
