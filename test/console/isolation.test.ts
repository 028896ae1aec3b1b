// Workspace isolation through the console session: an operator of B never reaches A's conversations.
import { expect, test } from "bun:test";
import { createWorkspace } from "../../src/domain/workspaces";
import { makeConsole } from "./fixture";

test("an operator of workspace B gets 404 for workspace A's conversation, by id and by inbox filter", async () => {
  const t = await makeConsole();
  const beta = await createWorkspace(t.store, "Beta", t.clock.now());
  const session = await t.call({ path: "/api/widget/session", headers: { "x-woes-key": t.acme.publicKey }, body: {} });
  const visitor = session.json.visitor.token as string;
  const sent = await t.call({ path: "/api/widget/messages", headers: { "x-woes-key": t.acme.publicKey, authorization: `Bearer ${visitor}` }, body: { body: "Acme secret question" } });
  expect(sent.status).toBe(201);
  const id = sent.json.conversation.id as string;

  const b = await t.addUser("bob@beta.example", "operator", beta.workspace.id);
  const scenarios = [
    { method: "GET", path: `/api/admin/conversations/${id}` },
    { method: "POST", path: `/api/admin/conversations/${id}/messages`, body: { body: "hi from B" } },
    { method: "POST", path: `/api/admin/conversations/${id}/close` },
  ];
  for (const s of scenarios) {
    const r = await t.call({ ...s, cookie: b.cookie, csrf: b.csrf, origin: "http://localhost" });
    expect({ path: s.path, status: r.status }).toEqual({ path: s.path, status: 404 });
    expect(r.text).not.toContain("Acme secret question");
  }
  const inbox = await t.call({ path: `/api/admin/conversations?workspace=${t.acme.workspace.id}`, cookie: b.cookie });
  expect([403, 404]).toContain(inbox.status);
  expect(inbox.text).not.toContain("Acme secret question");

  const a = await t.addUser("ann@acme.example", "operator");
  const mine = await t.call({ path: `/api/admin/conversations/${id}`, cookie: a.cookie });
  expect(mine.status).toBe(200);
  expect(mine.text).toContain("Acme secret question");
});
