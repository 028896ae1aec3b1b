// The workspace's own provider (key write-only), the provider in use, the "Try it" box and the provider test.
import { describe, expect, test } from "bun:test";
import { loadConfig } from "../../src/config";
import { expectError, send } from "../helpers/builders";
import { addUser, asUser } from "../routes/admin/fixture";
import { makeAgentApp, useProviders } from "./kit";

const provider = useProviders();

describe("settings.ai and aiProvider", () => {
  test("the key is write-only: reads show keySet, never the key; an absent key is kept, null clears it", async () => {
    const w = await makeAgentApp({ docs: false, ai: { allowPrivateUrls: true } });
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
    const path2 = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: "https://api.openai.com/v2", model: "gpt-4.1" } } } });
    expect(path2.json.workspace.settings.ai).toEqual({ url: "https://api.openai.com/v2", model: "gpt-4.1", keySet: true });
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

  test("moving the URL to another origin without a key drops the stored key: the new host never receives it", async () => {
    const company = await provider({ mode: "json", reply: "OK" });
    const elsewhere = await provider({ mode: "json", reply: "OK" });
    const w = await makeAgentApp({ docs: false, ai: { allowPrivateUrls: true } });
    const path = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    const set = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: company.url, model: "m", key: "sk-COMPANY-SECRET" } } } });
    expect(set.json.workspace.settings.ai.keySet).toBe(true);
    const moved = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: elsewhere.url, model: "x" } } } });
    expect(moved.status).toBe(200);
    expect(moved.json.workspace.settings.ai).toEqual({ url: elsewhere.url, model: "x", keySet: false });
    expect((await w.t.admin({ path: `${path}/ai/test`, body: {} })).json).toMatchObject({ ok: true, model: "x" });
    expect(elsewhere.received[0]!.authorization).toBeNull();
    // moving back does not bring the old key back either; a key sent with the new URL is kept
    const back = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: company.url, model: "m" } } } });
    expect(back.json.workspace.settings.ai.keySet).toBe(false);
    const rekeyed = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url: elsewhere.url, model: "x", key: "sk-NEW" } } } });
    expect(rekeyed.json.workspace.settings.ai.keySet).toBe(true);
    await w.t.admin({ path: `${path}/ai/test`, body: {} });
    expect(elsewhere.received.map((r) => r.authorization)).toEqual([null, "Bearer sk-NEW"]);
    expect(company.received.length).toBe(0);
  });

  // url, refused without --ai-allow-private-urls
  const URLS: [string, boolean][] = [
    ["http://127.0.0.1:11434/v1", true],
    ["http://localhost:11434/v1", true],
    ["http://ollama.localhost/v1", true],
    ["http://2130706433/v1", true],
    ["http://[::1]:8080/v1", true],
    ["http://[::ffff:127.0.0.1]/v1", true],
    ["http://169.254.169.254/latest", true],
    ["http://metadata.google.internal/v1", true],
    ["http://10.0.0.5/v1", true],
    ["http://172.20.1.1/v1", true],
    ["http://192.168.1.20:8000/v1", true],
    ["http://[fd00:ec2::254]/v1", true],
    ["http://[fe80::1]/v1", true],
    ["http://0.0.0.0:8000/v1", true],
    ["https://api.openai.com/v1", false],
    ["http://172.32.0.1/v1", false],
    ["https://llm.example.com:8443/v1", false],
  ];

  test("a workspace's provider URL may not name a loopback, private, link-local or metadata host (422)", async () => {
    const w = await makeAgentApp({ docs: false });
    const path = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    for (const [url, refused] of URLS) {
      await w.t.admin({ method: "PATCH", path, body: { settings: { ai: null } } });
      const r = await w.t.admin({ method: "PATCH", path, body: { settings: { ai: { url, model: "m", key: "sk-x" } } } });
      if (refused) {
        expectError(r, 422, "invalid_field", "settings.ai.url");
        expect(r.json.error.message).toContain("--ai-allow-private-urls");
        expect((await w.t.admin({ path })).json.workspace.settings.ai).toBeNull();
      } else expect([url, r.status]).toEqual([url, 200]);
    }
  });

  test("--ai-allow-private-urls lets a workspace use a model on the LAN; the server's own --ai-url is never checked", async () => {
    const lan = await makeAgentApp({ docs: false, ai: { allowPrivateUrls: true } });
    const path = `/api/admin/workspaces/${lan.t.ws.workspace.id}`;
    for (const [url] of URLS) expect([url, (await lan.t.admin({ method: "PATCH", path, body: { settings: { ai: { url, model: "m" } } } })).status]).toEqual([url, 200]);
    const local = await provider({ mode: "json", reply: "OK" });
    const server = await makeAgentApp({ docs: false, ai: { url: local.url, model: "llama3.2" } });
    expect((await server.t.admin({ path: `/api/admin/workspaces/${server.t.ws.workspace.id}/ai/test`, body: {} })).json).toMatchObject({ ok: true, model: "llama3.2" });
  });

  test("a private URL saved while the flag was on is refused at every call once the server runs without it", async () => {
    const lan = await provider({ mode: "json", reply: "From the LAN model." });
    const w = await makeAgentApp({ ai: { allowPrivateUrls: true } });
    const ws = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    expect((await w.t.admin({ method: "PATCH", path: ws, body: { settings: { ai: { url: lan.url, model: "m" } } } })).status).toBe(200);
    // note: as after a restart without --ai-allow-private-urls (or a URL saved before the check existed).
    w.t.ctx.config.ai.allowPrivateUrls = false;
    const tested = await w.t.admin({ path: `${ws}/ai/test`, body: {} });
    expect(tested.json).toMatchObject({ ok: false, error: expect.stringContaining("--ai-allow-private-urls") });
    const id = (await send(w.t, w.v, "How do I reset my password?")).json.conversation.id;
    await w.t.ctx.agents.idle();
    expect((await w.t.admin({ path: `/api/admin/conversations/${id}` })).json.conversation.handler).toBe("team");
    expect(lan.received).toEqual([]);
  });

  test("a host name that resolves to the server's own network is refused when saved, and at every call when it resolves there later", async () => {
    const lan = await provider({ mode: "json", reply: "From the LAN model." });
    const w = await makeAgentApp();
    const port = new URL(lan.url).port;
    // note: this app's resolver answers these names; any other name does not resolve.
    const records: Record<string, string[]> = { "llm.inside.example": ["203.0.113.7", "127.0.0.1"], "llm.v6.example": ["fd00::5"], "llm.public.example": ["203.0.113.8"] };
    w.t.ctx.resolveHost = async (host) => records[host] ?? Promise.reject(new Error(`ENOTFOUND ${host}`));
    const ws = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    const save = (host: string) => w.t.admin({ method: "PATCH", path: ws, body: { settings: { ai: { url: `http://${host}:${port}/v1`, model: "m" } } } });
    for (const host of ["llm.inside.example", "llm.v6.example"]) {
      const r = await save(host);
      expectError(r, 422, "invalid_field", "settings.ai.url");
      expect(r.json.error.message).toContain("--ai-allow-private-urls");
      expect((await w.t.admin({ path: ws })).json.workspace.settings.ai).toBeNull();
    }
    expect((await save("llm.public.example")).status).toBe(200);
    // note: a name that resolves to nothing is kept (its records may come later), and called only once it resolves:
    // the connection would look it up again, and could get the loopback where the check got nothing.
    expect((await save("llm.unknown.example")).status).toBe(200);
    const unresolved = await w.t.admin({ path: `${ws}/ai/test`, body: {} });
    expect(unresolved.json).toMatchObject({ ok: false, error: "The provider's host name (llm.unknown.example) did not resolve to an address within 5 s." });
    expect((await save("llm.public.example")).status).toBe(200);
    // note: the name moves to the loopback after it was saved (DNS rebinding): the call screens it again.
    records["llm.public.example"] = ["127.0.0.1"];
    const tested = await w.t.admin({ path: `${ws}/ai/test`, body: {} });
    expect(tested.json).toMatchObject({ ok: false, error: expect.stringContaining("resolves to an address of the server's own network") });
    const id = (await send(w.t, w.v, "How do I reset my password?")).json.conversation.id;
    await w.t.ctx.agents.idle();
    const detail = (await w.t.admin({ path: `/api/admin/conversations/${id}` })).json.conversation;
    expect(detail.handler).toBe("team");
    expect(JSON.stringify(detail.messages)).toContain("resolves to an address of the server's own network");
    expect(lan.received).toEqual([]);
    // note: with --ai-allow-private-urls the names are not screened: a model on the LAN is reached by its name.
    w.t.ctx.config.ai.allowPrivateUrls = true;
    expect((await save("llm.inside.example")).status).toBe(200);
  });

  test("a resolver that never answers meets the call's timeout: the lookup is part of the call", async () => {
    const w = await makeAgentApp({ docs: false, ai: { timeoutMs: 1000 } });
    const ws = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    expect((await w.t.admin({ method: "PATCH", path: ws, body: { settings: { ai: { url: "http://llm.public.example/v1", model: "m" } } } })).status).toBe(200);
    w.t.ctx.resolveHost = () => new Promise(() => {});
    const started = Date.now();
    const tested = await w.t.admin({ path: `${ws}/ai/test`, body: {} });
    expect(tested.json).toMatchObject({ ok: false, error: "The provider gave no complete answer within 1 s." });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("--ai-allow-private-urls and WOES_AI_ALLOW_PRIVATE_URLS=true turn the check off; it is on by default", () => {
    expect(loadConfig({}, {}).ai.allowPrivateUrls).toBe(false);
    expect(loadConfig({ "ai-allow-private-urls": true }, {}).ai.allowPrivateUrls).toBe(true);
    expect(loadConfig({}, { WOES_AI_ALLOW_PRIVATE_URLS: "true" }).ai.allowPrivateUrls).toBe(true);
    expect(loadConfig({}, { WOES_AI_ALLOW_PRIVATE_URLS: "1" }).ai.allowPrivateUrls).toBe(false);
    expect(loadConfig({ "ai-url": "http://localhost:11434/v1/" }, {}).ai.url).toBe("http://localhost:11434/v1");
  });

  test("--ai-timeout is seconds as typed, kept to the millisecond: a fraction is taken, nothing under a millisecond is", () => {
    expect(loadConfig({ "ai-timeout": "2.5" }, {}).ai.timeoutMs).toBe(2500);
    expect(loadConfig({ "ai-timeout": "1.0005" }, {}).ai.timeoutMs).toBe(1001);
    expect(() => loadConfig({ "ai-timeout": "0.0004" }, {})).toThrow("invalid --ai-timeout: a number of seconds, at least 0.001 (such as 30)");
    expect(loadConfig({}, { WOES_MAIL_DELAY: "0.0001" }).mail.delayMs).toBe(0);
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
    const w = await makeAgentApp({ ai: { url: server.url, model: "server-model", allowPrivateUrls: true } });
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
    const w = await makeAgentApp({ docs: false, ai: { allowPrivateUrls: true } });
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

  test("only owners and admins try an agent or test the provider: operators get 403 and no provider call", async () => {
    const p = await provider({ mode: "json", reply: "You can reset it from the sign-in page." });
    const w = await makeAgentApp({ ai: { url: p.url, model: "m" } });
    const op = await addUser(w.t, "Opal", "operator");
    const ws = `/api/admin/workspaces/${w.t.ws.workspace.id}`;
    expectError(await w.t.call(asUser(op, { path: `${ws}/agents/${w.agentId}/try`, body: { question: "How do I reset my password?" } })), 403);
    expectError(await w.t.call(asUser(op, { path: `${ws}/ai/test`, body: {} })), 403);
    expect(p.received.length).toBe(0);
  });

  test("Try it counts against the workspace's answers per day: 429 past them, and visitors' answers share the window", async () => {
    const p = await provider({ mode: "json", reply: "You can reset it from the sign-in page." });
    const w = await makeAgentApp({ ai: { url: p.url, model: "m", answersPerWorkspaceDay: 3 } });
    const path = `/api/admin/workspaces/${w.t.ws.workspace.id}/agents/${w.agentId}/try`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await w.t.admin({ path, body: { question: "How do I reset my password?" } })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await w.t.admin({ path, body: { question: "How do I reset my password?" } });
    expectError(limited, 429, "answer_limit");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
    // asking for a person needs no answer, so it is not counted and still works
    expect((await w.t.admin({ path, body: { question: "talk to a person" } })).json).toMatchObject({ handoff: true, reason: "asked_for_person" });
    expect(p.received.length).toBe(3);
    const id = (await send(w.t, w.v, "How do I reset my password?")).json.conversation.id;
    await w.t.ctx.agents.idle();
    const d = (await w.t.admin({ path: `/api/admin/conversations/${id}` })).json.conversation;
    expect(d.handler).toBe("team");
    expect(d.messages.at(-1).internals).toMatchObject({ handoff: { reason: "limit" } });
    expect(p.received.length).toBe(3);
  });

  test("Test provider counts too: it calls the provider on the workspace's (or the server's) account, so 429 past the day's answers", async () => {
    const p = await provider({ mode: "json", reply: "OK" });
    const w = await makeAgentApp({ docs: false, ai: { url: p.url, model: "m", answersPerWorkspaceDay: 2 } });
    const path = `/api/admin/workspaces/${w.t.ws.workspace.id}/ai/test`;
    for (let i = 0; i < 2; i++) expect((await w.t.admin({ path, body: {} })).json).toMatchObject({ ok: true });
    const limited = await w.t.admin({ path, body: {} });
    expectError(limited, 429, "answer_limit");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
    expect(p.received.length).toBe(2);
    expectError(await w.t.admin({ path: `/api/admin/workspaces/${w.t.ws.workspace.id}/agents/${w.agentId}/try`, body: { question: "How do I reset my password?" } }), 429, "answer_limit");
    expect(p.received.length).toBe(2);
  });
});
