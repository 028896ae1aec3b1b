// Saved replies as scenarios: operators read them, admins manage them, no workspace sees another's.
import { describe, expect, test } from "bun:test";
import { savedReplies } from "../../../db/schema";
import { scenarios, type Scenario } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld } from "./fixture";

/** world plants one saved reply in each workspace. */
async function world() {
  const w = await makeAdminWorld();
  const make = async (workspaceId: string, title: string, body: string, token: string) => {
    const r = await w.t.call(asToken(token, { path: `/api/admin/workspaces/${workspaceId}/saved-replies`, body: { title, body } }));
    if (r.status !== 201) throw new Error(r.text);
    return r.json.savedReply.id as string;
  };
  const refund = await make(w.acme, "Refund policy", "Refunds reach your card within 5 days.", w.t.adminToken);
  const globex = await make(w.other.workspace.id, "GLOBEX_GREETING", "Hello from Globex", w.globexToken);
  return { ...w, refund, globex };
}
type W = Awaited<ReturnType<typeof world>>;

const list = (w: W) => `/api/admin/workspaces/${w.acme}/saved-replies`;
const one = (w: W, id = w.refund) => `${list(w)}/${id}`;

const rows: Scenario<W>[] = [
  { name: "an operator lists the workspace's saved replies", request: (w) => asUser(w.operator, { path: list(w) }), status: 200, expectedContent: ["Refund policy", "within 5 days"], notExpectedContent: ["GLOBEX_GREETING"] },
  { name: "an admin adds one, trimmed", request: (w) => asUser(w.admin, { path: list(w), body: { title: "  Shipping  ", body: "We ship worldwide." } }), status: 201, expectedContent: ['"title":"Shipping"', '"id":"sr_'] },
  { name: "an operator may not add one", request: (w) => asUser(w.operator, { path: list(w), body: { title: "Mine", body: "x" } }), status: 403, code: "forbidden" },
  { name: "an empty title is refused, naming the field", request: (w) => asUser(w.admin, { path: list(w), body: { title: " ", body: "x" } }), status: 422, expectedContent: ['"field":"title"', "Title is required."] },
  { name: "a body over 5000 characters is refused", request: (w) => asUser(w.admin, { path: list(w), body: { title: "Long", body: "x".repeat(5001) } }), status: 422, expectedContent: ['"field":"body"'] },
  { name: "an admin changes the body, the title stays", request: (w) => asUser(w.admin, { method: "PATCH", path: one(w), body: { body: "Refunds take 3 days now." } }), status: 200, expectedContent: ["Refund policy", "3 days now"] },
  { name: "an operator may not change one", request: (w) => asUser(w.operator, { method: "PATCH", path: one(w), body: { body: "no" } }), status: 403 },
  { name: "an admin deletes one", request: (w) => asUser(w.admin, { method: "DELETE", path: one(w) }), status: 204, check: async (_, w) => expect((await w.t.store.db.select().from(savedReplies).all()).map((r) => r.title)).toEqual(["GLOBEX_GREETING"]) },
  { name: "another workspace's reply is not found through this one", request: (w) => asUser(w.admin, { method: "DELETE", path: one(w, w.globex) }), status: 404, code: "saved_reply_not_found" },
  { name: "another workspace's list is not found", request: (w) => asUser(w.operator, { path: `/api/admin/workspaces/${w.other.workspace.id}/saved-replies` }), status: 404, notExpectedContent: ["GLOBEX_GREETING"] },
  { name: "Globex's token does not see Acme's list", request: (w) => asToken(w.globexToken, { path: list(w) }), status: 404, notExpectedContent: ["Refund policy"] },
];

describe("saved replies: scenarios", () => {
  scenarios(world, rows);
});

describe("saved replies: order", () => {
  test("they come back by title", async () => {
    const w = await world();
    for (const title of ["Zebra", "Apple"]) await w.t.call(asUser(w.owner, { path: list(w), body: { title, body: "b" } }));
    const r = await w.t.call(asUser(w.operator, { path: list(w) }));
    expect(r.json.savedReplies.map((x: any) => x.title)).toEqual(["Apple", "Refund policy", "Zebra"]);
  });
});
