// Typing both ways: the visitor's signal reaches the inbox stream, an operator's the visitor's stream by
// display name only; at most one relayed per conversation and side every 2 s; nothing stored.
import { describe, expect, test } from "bun:test";
import { count, openStream, scenarios } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld, openSse, type AdminWorld } from "./fixture";

type W = AdminWorld;
const STREAM = "/api/admin/conversations/stream";
const typing = (w: W, id = w.convA) => w.t.call({ path: "/api/widget/messages/typing", key: w.a.key, token: w.a.token, body: { conversationId: id } });
const storedRows = (w: W) => ["message", "event", "conversation"].map((table) => count(w.t, table));

describe("typing", () => {
  scenarios(makeAdminWorld, [
    { name: "the visitor types in its conversation: 202", request: (w: W) => ({ path: "/api/widget/messages/typing", key: w.a.key, token: w.a.token, body: { conversationId: w.convA } }), status: 202 },
    { name: "the visitor types in another visitor's conversation: 404", request: (w: W) => ({ path: "/api/widget/messages/typing", key: w.a.key, token: w.a.token, body: { conversationId: w.convC } }), status: 404, notExpectedContent: ["GLOBEX_QUESTION"] },
    { name: "typing without a conversation: 422", request: (w: W) => ({ path: "/api/widget/messages/typing", key: w.a.key, token: w.a.token, body: {} }), status: 422 },
    { name: "typing without a visitor token: 401", request: (w: W) => ({ path: "/api/widget/messages/typing", key: w.a.key, body: { conversationId: w.convA } }), status: 401 },
    { name: "an operator types: 202", request: (w: W) => asUser(w.operator, { path: `/api/admin/conversations/${w.convA}/typing`, method: "POST" }), status: 202 },
    { name: "an operator types in another workspace's conversation: 404", request: (w: W) => asUser(w.globexUser, { path: `/api/admin/conversations/${w.convA}/typing`, method: "POST" }), status: 404 },
  ]);

  test("the visitor's typing reaches the inbox stream once per 2 s, and nothing is stored", async () => {
    const w = await makeAdminWorld();
    const inbox = await openSse(w.t, { path: STREAM, headers: { authorization: `Bearer ${w.t.adminToken}` } });
    const globex = await openSse(w.t, { path: STREAM, headers: { authorization: `Bearer ${w.globexToken}` } });
    const before = storedRows(w);
    for (let i = 0; i < 5; i++) expect((await typing(w)).status).toBe(202);
    await inbox.until(() => inbox.of("typing").length === 1);
    expect(inbox.of("typing")[0]!.data).toEqual({ conversationId: w.convA, workspaceId: w.acme, author: { kind: "customer" } });
    w.t.clock.advance(2_000);
    await typing(w);
    await inbox.until(() => inbox.of("typing").length === 2);
    expect(storedRows(w)).toEqual(before);
    expect(globex.of("typing")).toEqual([]);
    await inbox.close();
    await globex.close();
  });

  test("an operator's typing reaches the visitor as {kind: operator, name}, never an account id, once per 2 s", async () => {
    const w = await makeAdminWorld();
    const s = await openStream(w.t, w.a);
    const post = () => w.t.call(asUser(w.operator, { path: `/api/admin/conversations/${w.convA}/typing`, method: "POST" }));
    await post();
    await post();
    await s.until(() => s.of("typing").length === 1);
    expect(s.of("typing")[0]!.data).toEqual({ conversationId: w.convA, author: { kind: "operator", name: "Opal" } });
    expect(s.raw()).not.toContain(w.operator.id);
    w.t.clock.advance(2_000);
    await w.t.call(asToken(w.t.adminToken, { path: `/api/admin/conversations/${w.convA}/typing`, method: "POST" }));
    await s.until(() => s.of("typing").length === 2);
    expect(s.of("typing")[1]!.data.author).toEqual({ kind: "operator", name: "Support" });
    await s.close();
  });
});
