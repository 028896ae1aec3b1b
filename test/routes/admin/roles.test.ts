// The role table as scenarios: each role (and an account with no membership) × each operator and
// console route → the status it gets. The README's role table says the same in words.
import { describe } from "bun:test";
import type { Call } from "../../helpers/app";
import { scenarios, type Scenario } from "../../helpers/builders";
import { addUser, asUser, makeAdminWorld, type User } from "./fixture";

type Who = "owner" | "admin" | "operator" | "none";
const WHO: Who[] = ["owner", "admin", "operator", "none"];

/** world adds a fellow admin, a second operator and an account that belongs to no workspace. */
async function world() {
  const w = await makeAdminWorld();
  const fellowAdmin = await addUser(w.t, "Abe", "admin");
  const secondOperator = await addUser(w.t, "Oz", "operator");
  const none = await addUser(w.t, "Nemo", null);
  const agentId = (await w.t.admin({ path: `/api/admin/workspaces/${w.acme}/agents`, body: { name: "Ava" } })).json.agent.id as string;
  const callers: Record<Who, User> = { owner: w.owner, admin: w.admin, operator: w.operator, none };
  return { ...w, fellowAdmin, secondOperator, agentId, callers };
}
type W = Awaited<ReturnType<typeof world>>;

const ws = (w: W) => `/api/admin/workspaces/${w.acme}`;
const members = (w: W) => `/api/console/workspaces/${w.acme}/members`;

/** ROUTES: a route, how to call it, and the status each role gets ([owner, admin, operator, none]). */
const ROUTES: { route: string; call: (w: W) => Call; status: [number, number, number, number] }[] = [
  { route: "GET /api/admin/workspaces", call: () => ({ path: "/api/admin/workspaces" }), status: [200, 200, 200, 200] },
  { route: "POST /api/admin/workspaces", call: () => ({ path: "/api/admin/workspaces", body: { name: "New" } }), status: [201, 403, 403, 403] },
  { route: "GET /api/admin/workspaces/:id", call: (w) => ({ path: ws(w) }), status: [200, 200, 200, 404] },
  { route: "PATCH /api/admin/workspaces/:id", call: (w) => ({ method: "PATCH", path: ws(w), body: { name: "Acme 2" } }), status: [200, 200, 403, 404] },
  { route: "GET .../identity-secret", call: (w) => ({ path: `${ws(w)}/identity-secret` }), status: [200, 200, 403, 404] },
  { route: "POST .../identity-secret/rotate", call: (w) => ({ path: `${ws(w)}/identity-secret/rotate`, body: {} }), status: [200, 200, 403, 404] },
  { route: "GET .../keys", call: (w) => ({ path: `${ws(w)}/keys` }), status: [200, 200, 200, 404] },
  { route: "POST .../keys", call: (w) => ({ path: `${ws(w)}/keys`, body: { kind: "workspace" } }), status: [201, 201, 403, 404] },
  { route: "DELETE .../keys/:key", call: (w) => ({ method: "DELETE", path: `${ws(w)}/keys/${w.t.ws.publicKey}` }), status: [204, 204, 403, 404] },
  { route: "GET .../tokens", call: (w) => ({ path: `${ws(w)}/tokens` }), status: [200, 403, 403, 404] },
  { route: "GET .../agents", call: (w) => ({ path: `${ws(w)}/agents` }), status: [200, 200, 200, 404] },
  { route: "POST .../agents", call: (w) => ({ path: `${ws(w)}/agents`, body: { name: "Bot" } }), status: [201, 201, 403, 404] },
  { route: "POST .../agents/:agentId/try", call: (w) => ({ path: `${ws(w)}/agents/${w.agentId}/try`, body: { question: "How do I reset my password?" } }), status: [200, 200, 403, 404] },
  { route: "POST .../ai/test", call: (w) => ({ path: `${ws(w)}/ai/test`, body: {} }), status: [200, 200, 403, 404] },
  { route: "GET /api/admin/conversations", call: (w) => ({ path: `/api/admin/conversations?workspace=${w.acme}` }), status: [200, 200, 200, 404] },
  { route: "POST .../conversations/:id/messages", call: (w) => ({ path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "Hi" } }), status: [201, 201, 201, 404] },
  { route: "GET /api/admin/visitors/online", call: (w) => ({ path: `/api/admin/visitors/online?workspace=${w.acme}` }), status: [200, 200, 200, 404] },
  { route: "GET /api/admin/stats", call: (w) => ({ path: `/api/admin/stats?workspace=${w.acme}` }), status: [200, 200, 200, 404] },
  { route: "GET /api/console/me/unread", call: (w) => ({ path: `/api/console/me/unread?workspace=${w.acme}` }), status: [200, 200, 200, 404] },
  { route: "GET .../members", call: (w) => ({ path: members(w) }), status: [200, 200, 200, 404] },
  { route: "POST /api/console/invites (operator)", call: (w) => ({ path: "/api/console/invites", body: { workspaceId: w.acme, role: "operator" } }), status: [201, 201, 403, 404] },
  { route: "POST /api/console/invites (admin)", call: (w) => ({ path: "/api/console/invites", body: { workspaceId: w.acme, role: "admin" } }), status: [201, 403, 403, 404] },
  { route: "POST /api/console/invites (owner)", call: (w) => ({ path: "/api/console/invites", body: { workspaceId: w.acme, role: "owner" } }), status: [201, 403, 403, 404] },
  { route: "DELETE .../members/:operator", call: (w) => ({ method: "DELETE", path: `${members(w)}/${w.secondOperator.id}` }), status: [204, 204, 403, 404] },
  { route: "DELETE .../members/:fellowAdmin", call: (w) => ({ method: "DELETE", path: `${members(w)}/${w.fellowAdmin.id}` }), status: [204, 403, 403, 404] },
];

// note: the world's planted secrets (identity secrets, tokens, cookies) are checked on every row;
// only the reveal, to those allowed it, shows the identity secret.
const REVEAL = "GET .../identity-secret";

const rows: Scenario<W>[] = ROUTES.flatMap(({ route, call, status }) =>
  WHO.map((who, i) => ({
    name: `${who} × ${route} → ${status[i]}`,
    request: (w: W) => asUser(w.callers[who], call(w)),
    status: status[i]!,
    expectedContent: (w: W) => (route === REVEAL && status[i]! === 200 ? [w.t.ws.identitySecret] : []),
  })),
);

describe("roles: who may call what", () => {
  scenarios(world, rows);
});
