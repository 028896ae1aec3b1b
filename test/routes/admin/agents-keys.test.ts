// Agents and widget keys of a workspace: create, change, revoke, and what the widget sees next.
import { describe, expect, test } from "bun:test";
import { scenarios } from "../../helpers/builders";
import { asToken, makeAdminWorld, type AdminWorld } from "./fixture";

type W = AdminWorld;
const agentsOf = (w: W, id = w.acme) => `/api/admin/workspaces/${id}/agents`;
const keysOf = (w: W, id = w.acme) => `/api/admin/workspaces/${id}/keys`;
const bot = { name: "Helper", avatarUrl: "https://cdn.example/bot.png", instructions: "AGENT_INSTRUCTIONS_TEXT" };

/** withAgent makes an agent in Acme and remembers its id on the world. */
const withAgent = async (w: W) => Object.assign(w, { agentId: (await w.t.admin({ path: agentsOf(w), body: bot })).json.agent.id as string });

describe("agents", () => {
  scenarios(makeAdminWorld, [
    {
      name: "POST agents: 201 with instructions for operators",
      request: (w: W) => asToken(w.t.adminToken, { path: agentsOf(w), body: bot }),
      status: 201,
      check: (r) => expect(r.json.agent).toMatchObject({ ...bot, createdAt: "2026-11-24T12:00:00.000Z" }),
    },
    {
      name: "GET agents lists them",
      setup: withAgent,
      request: (w: W) => asToken(w.t.adminToken, { path: agentsOf(w) }),
      status: 200,
      check: (r, w: any) => expect(r.json.agents.map((a: any) => [a.id, a.name])).toEqual([[w.agentId, "Helper"]]),
    },
    { name: "avatarUrl not http(s): 422 naming avatarUrl", request: (w: W) => asToken(w.t.adminToken, { path: agentsOf(w), body: { name: "B", avatarUrl: "javascript:alert(1)" } }), status: 422, check: (r) => expect(r.json.error.field).toBe("avatarUrl") },
    { name: "instructions over 20000 characters: 422", request: (w: W) => asToken(w.t.adminToken, { path: agentsOf(w), body: { name: "B", instructions: "x".repeat(20_001) } }), status: 422, check: (r) => expect(r.json.error.field).toBe("instructions") },
    { name: "no name: 422", request: (w: W) => asToken(w.t.adminToken, { path: agentsOf(w), body: {} }), status: 422 },
    {
      name: "PATCH an agent: given fields change, null clears",
      setup: withAgent,
      request: (w: any) => asToken(w.t.adminToken, { method: "PATCH", path: `${agentsOf(w)}/${w.agentId}`, body: { name: "Helper 2", avatarUrl: null } }),
      status: 200,
      check: (r) => expect(r.json.agent).toMatchObject({ name: "Helper 2", avatarUrl: null, instructions: "AGENT_INSTRUCTIONS_TEXT" }),
    },
    {
      name: "PATCH an Acme agent through Globex's path: 404 agent_not_found",
      setup: withAgent,
      request: (w: any) => asToken(w.t.adminToken, { method: "PATCH", path: `${agentsOf(w, w.other.workspace.id)}/${w.agentId}`, body: { name: "X" } }),
      status: 404,
      code: "agent_not_found",
    },
    { name: "Acme agents with the Globex token: 404", setup: withAgent, request: (w: W) => asToken(w.globexToken, { path: agentsOf(w) }), status: 404, notExpectedContent: ["AGENT_INSTRUCTIONS_TEXT", "Helper"] },
    { name: "POST an Acme agent with the Globex token: 404", request: (w: W) => asToken(w.globexToken, { path: agentsOf(w), body: bot }), status: 404 },
  ]);

  test("an agent's new name reaches its widget key at once, its instructions never", async () => {
    const w = await withAgent(await makeAdminWorld());
    const key = (await w.t.admin({ path: keysOf(w), body: { kind: "agent", agentId: w.agentId } })).json.key;
    expect((await w.t.session({ key })).json.agent).toEqual({ name: "Helper", avatarUrl: "https://cdn.example/bot.png" });
    await w.t.admin({ method: "PATCH", path: `${agentsOf(w)}/${w.agentId}`, body: { name: "Renamed" } });
    const s = await w.t.session({ key });
    expect(s.json.agent.name).toBe("Renamed");
    expect(s.text).not.toContain("AGENT_INSTRUCTIONS_TEXT");
  });

  test("concurrent PATCHes of different agent fields both land", async () => {
    const w = await withAgent(await makeAdminWorld());
    const patch = (body: object) => w.t.admin({ method: "PATCH", path: `${agentsOf(w)}/${w.agentId}`, body });
    const answers = await Promise.all([patch({ name: "Renamed Bot" }), patch({ instructions: "Be brief." })]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const agent = (await w.t.admin({ path: agentsOf(w) })).json.agents.find((a: { id: string }) => a.id === w.agentId);
    expect(agent).toMatchObject({ name: "Renamed Bot", instructions: "Be brief." });
  });
});

describe("widget keys", () => {
  scenarios(makeAdminWorld, [
    {
      name: "POST a workspace key: {key, kind, allowedOrigins}",
      request: (w: W) => asToken(w.t.adminToken, { path: keysOf(w), body: { kind: "workspace", allowedOrigins: ["https://shop.example", "http://localhost:8080"] } }),
      status: 201,
      check: (r) => {
        expect(Object.keys(r.json).sort()).toEqual(["allowedOrigins", "key", "kind"]);
        expect(r.json.key).toMatch(/^pk_ws_[0-9A-Za-z]{22,}$/);
        expect(r.json.allowedOrigins).toEqual(["https://shop.example", "http://localhost:8080"]);
      },
    },
    {
      name: "POST an agent key: {key, kind, agentId, allowedOrigins}",
      setup: withAgent,
      request: (w: any) => asToken(w.t.adminToken, { path: keysOf(w), body: { kind: "agent", agentId: w.agentId } }),
      status: 201,
      check: (r, w: any) => expect(r.json).toEqual({ key: expect.stringMatching(/^pk_ag_[0-9A-Za-z]{20,}$/), kind: "agent", agentId: w.agentId, allowedOrigins: [] }),
    },
    { name: "an agent key without agentId: 422 naming agentId", request: (w: W) => asToken(w.t.adminToken, { path: keysOf(w), body: { kind: "agent" } }), status: 422, check: (r) => expect(r.json.error.field).toBe("agentId") },
    { name: "an agent key for an unknown agent: 404", request: (w: W) => asToken(w.t.adminToken, { path: keysOf(w), body: { kind: "agent", agentId: "ag_nope" } }), status: 404, code: "agent_not_found" },
    {
      name: "an agent key in Globex for an Acme agent: 404",
      setup: withAgent,
      request: (w: any) => asToken(w.t.adminToken, { path: keysOf(w, w.other.workspace.id), body: { kind: "agent", agentId: w.agentId } }),
      status: 404,
      code: "agent_not_found",
    },
    ...["https://shop.example/", "https://shop.example/path", "shop.example", "ftp://shop.example", "https://SHOP.example", "*"].map((origin) => ({
      name: `origin ${JSON.stringify(origin)}: 422`,
      request: (w: W) => asToken(w.t.adminToken, { path: keysOf(w), body: { kind: "workspace", allowedOrigins: [origin] } }),
      status: 422,
      check: (r: any) => expect(r.json.error.field).toBe("allowedOrigins.0"),
    })),
    { name: "an unknown kind: 422", request: (w: W) => asToken(w.t.adminToken, { path: keysOf(w), body: { kind: "secret" } }), status: 422 },
    {
      name: "GET keys: the workspace's keys with revocation state",
      request: (w: W) => asToken(w.t.adminToken, { path: keysOf(w) }),
      status: 200,
      check: (r, w) => expect(r.json.keys).toEqual([{ key: w.t.ws.publicKey, kind: "workspace", agentId: null, allowedOrigins: [], createdAt: "2026-11-24T12:00:00.000Z", revoked: false, revokedAt: null }]),
    },
    { name: "Acme keys with the Globex token: 404", request: (w: W) => asToken(w.globexToken, { path: keysOf(w) }), status: 404, notExpectedContent: (w: W) => [w.t.ws.publicKey] },
    {
      name: "DELETE an Acme key through Globex's path: 404, key still works",
      request: (w: W) => asToken(w.t.adminToken, { method: "DELETE", path: `${keysOf(w, w.other.workspace.id)}/${w.t.ws.publicKey}` }),
      status: 404,
      code: "key_not_found",
      check: async (_r, w) => expect((await w.t.session()).status).toBe(200),
    },
    {
      name: "DELETE an Acme key with the Globex token: 404",
      request: (w: W) => asToken(w.globexToken, { method: "DELETE", path: `${keysOf(w)}/${w.t.ws.publicKey}` }),
      status: 404,
      check: async (_r, w) => expect((await w.t.session()).status).toBe(200),
    },
  ]);

  test("revoking a key: the widget answers 401 key_revoked immediately", async () => {
    const w = await makeAdminWorld();
    expect((await w.t.session()).status).toBe(200);
    const r = await w.t.admin({ method: "DELETE", path: `${keysOf(w)}/${w.t.ws.publicKey}` });
    expect(r.status).toBe(204);
    const s = await w.t.session();
    expect(s.status).toBe(401);
    expect(s.json.error.code).toBe("key_revoked");
    const listed = await w.t.admin({ path: keysOf(w) });
    expect(listed.json.keys[0]).toMatchObject({ revoked: true, revokedAt: "2026-11-24T12:00:00.000Z" });
    expect((await w.t.admin({ method: "DELETE", path: `${keysOf(w)}/${w.t.ws.publicKey}` })).status).toBe(204);
  });

  test("a new key's origin allow-list is enforced by the widget", async () => {
    const w = await makeAdminWorld();
    const { key } = (await w.t.admin({ path: keysOf(w), body: { kind: "workspace", allowedOrigins: ["https://shop.example"] } })).json;
    expect((await w.t.call({ path: "/api/widget/session", key, body: {}, headers: { origin: "https://shop.example" } })).status).toBe(200);
    const evil = await w.t.call({ path: "/api/widget/session", key, body: {}, headers: { origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.json.error.code).toBe("origin_not_allowed");
  });
});
