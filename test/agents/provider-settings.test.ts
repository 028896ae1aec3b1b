// The workspace's own provider (key write-only), the provider in use, the "Try it" box and the provider test.
import { afterAll, describe, expect, test } from "bun:test";
import { startProvider, type FakeProvider } from "../helpers/provider";
import { expectError } from "../helpers/builders";
import { makeAgentApp } from "./kit";

const providers: FakeProvider[] = [];
afterAll(() => providers.forEach((p) => p.stop()));
const provider = async (init: Parameters<typeof startProvider>[0] = {}) => {
  const p = await startProvider(init);
  providers.push(p);
  return p;
};

describe("settings.ai and aiProvider", () => {
  test("the key is write-only: reads show keySet, never the key; an absent key is kept, null clears it", async () => {
    const w = await makeAgentApp({ docs: false });
    const path = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    const set = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: "https://api.openai.com/v1/", model: "gpt-4o-mini", key: "sk-WORKSPACE-SECRET-1" } } } });
    expect(set.status).toBe(200);
    expect(set.json.workspace.settings.ai).toEqual({ url: "https://api.openai.com/v1", model: "gpt-4o-mini", keySet: true });
    expect(set.json.workspace.aiProvider).toEqual({ source: "workspace", host: "api.openai.com", model: "gpt-4o-mini" });
    expect(set.text).not.toContain("sk-WORKSPACE-SECRET-1");
    const theme = await w.t.admin({ method: "PATCH", path, body: { settings: { theme: "dark" } } });
    expect(theme.json.workspace.settings.ai.keySet).toBe(true);
    const model = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: "https://api.openai.com/v1", model: "gpt-4.1" } } } });
    expect(model.json.workspace.settings.ai).toEqual({ url: "https://api.openai.com/v1", model: "gpt-4.1", keySet: true });
    const noKey = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: "http://localhost:11434/v1", model: "llama3.2", key: null } } } });
    expect(noKey.json.workspace.settings.ai.keySet).toBe(false);
    const cleared = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: null } } });
    expect(cleared.json.workspace.settings.ai).toBeNull();
    expect(cleared.json.workspace.aiProvider).toEqual({ source: "none" });
    for (const r of [set, theme, model, noKey, cleared, await w.t.admin({ path }), await w.t.admin({ path: "/api/admin/workspaces" })]) expect(r.text).not.toContain("sk-WORKSPACE-SECRET-1");
    const session = await w.t.session({ key: w.key });
    expect(session.text).not.toContain("api.openai.com");
    expect(session.text).not.toContain("llama");
  });

  test("bad settings.ai: 422 naming the field, nothing stored", async () => {
    const w = await makeAgentApp({ docs: false });
    const path = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    expectError(await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: "ftp://x", model: "m" } } } }), 422, "invalid_field", "settings.ai.url");
    expectError(await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: "https://x.example/v1", model: "" } } } }), 422, "invalid_field", "settings.ai.model");
    expect((await w.t.admin({ path })).json.workspace.settings.ai).toBeNull();
  });

  test("the server's provider shows as source server; the workspace's wins over it and is the one called", async () => {
    const server = await provider({ mode: "json", reply: "from the server's model" });
    const own = await provider({ mode: "json", reply: "from the workspace's model" });
    const w = await makeAgentApp({ ai: { url: server.url, model: "server-model" } });
    const path = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    expect((await w.t.admin({ path })).json.workspace.aiProvider).toEqual({ source: "server", host: new URL(server.url).host, model: "server-model" });
    await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: own.url, model: "own-model", key: "sk-own" } } } });
    const tried = await w.t.admin({ path: `${path}/agents/${w.agentId}/try`, body: { question: "How do I reset my password?" } });
    expect(tried.json).toMatchObject({ answer: { body: "from the workspace's model" }, handoff: false, trace: { model: "own-model" } });
    expect(own.received[0]!.authorization).toBe("Bearer sk-own");
    expect(server.received.length).toBe(0);
  });
});

describe("POST .../agents/:agentId/try and .../ai/test", () => {
  test("try answers with sources and trace, creates no conversation; asking for a person or no context hands over", async () => {
    const p = await provider({ mode: "stream", reply: "Open Settings, Billing, Invoices to download them." });
    const w = await makeAgentApp({ ai: { url: p.url, model: "m1" } });
    const path = `/api/admin/workspaces/${w.t.ws.workspace.id}/agents/${w.agentId}/try`;
    const r = await w.t.admin({ path, body: { question: "Where can I download invoices?" } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ answer: { body: "Open Settings, Billing, Invoices to download them.", sources: [{ title: "billing", url: "https://docs.acme.example/billing" }] }, handoff: false, trace: { mode: "provider", model: "m1" } });
    expect((await w.t.admin({ path: "/api/admin/conversations" })).json.conversations).toEqual([]);
    expect((await w.t.admin({ path, body: { question: "talk to a person" } })).json).toMatchObject({ answer: null, handoff: true, reason: "asked_for_person" });
    expect((await w.t.admin({ path, body: { question: "Do you sell pizza?" } })).json).toMatchObject({ answer: null, handoff: true, reason: "no_context" });
    expectError(await w.t.admin({ path, body: { question: "" } }), 422, "invalid_field", "question");
    expectError(await w.t.admin({ path: path.replace(w.agentId, "ag_nope"), body: { question: "x" } }), 404, "agent_not_found");
  });

  test("ai/test: ok with a working provider, the error with a failing one, and says when there is none", async () => {
    const good = await provider({ mode: "stream", reply: "OK" });
    const bad = await provider({ mode: "fail" });
    const w = await makeAgentApp({ docs: false });
    const ws = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    const none = await w.t.admin({ path: `${ws}/ai/test`, body: {} });
    expect(none.json).toMatchObject({ ok: false, host: null, model: null });
    await w.t.admin({ method: "PATCH", path: ws, body: { settings: { ai: { url: good.url, model: "good" } } } });
    const ok = await w.t.admin({ path: `${ws}/ai/test`, body: {} });
    expect(ok.json).toMatchObject({ ok: true, host: new URL(good.url).host, model: "good" });
    // note: a provider set without a key gets no Authorization header at all.
    expect(good.received[0]!.authorization).toBeNull();
    await w.t.admin({ method: "PATCH", path: ws, body: { settings: { ai: { url: bad.url, model: "bad" } } } });
    const failed = await w.t.admin({ path: `${ws}/ai/test`, body: {} });
    expect(failed.json).toMatchObject({ ok: false, model: "bad", error: "The provider answered HTTP 500." });
  });
});
