// Agents in real Chromium against dist/woes, answered by a real OpenAI-compatible server on loopback:
// Settings → AI, sources added by paste and upload, Try it, and a visitor of an agent key who sees the
// dots, the answer streaming in and its sources, then asks for a person; the console shows the trace
// and who waits for a person. Screenshots go to test/artifacts/.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { docText } from "../agents/kit";
import { startProvider, USAGE, type FakeProvider } from "../helpers/provider";
import { ARTIFACTS, hasText, snippet, until, visible, widget } from "../widget/browser-kit";
import { consoleSuite, overflow, shoot, T, watch } from "./console-kit";
import { visitor } from "./seed";

const REPLY = "Download your invoices from Settings, then Billing, then Invoices: every payment has its PDF there, and you can add a VAT number on the same page.";
const KEY = "sk-ui-secret-5521";
const MODEL = "acme-model-7b";
const BILLING = "https://docs.acme.example/billing";

const t = consoleSuite();
let provider: FakeProvider;
let agentId = "";
let agentKey = "";
let conversationId = "";
let guest: { page: Page; w: ReturnType<typeof widget> };

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(t.server.url + path, { method, headers: { authorization: `Bearer ${t.server.adminToken}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.status === 204 ? null : res.json();
};
const sources = async () => (await api("GET", `/api/admin/workspaces/${t.server.workspaceId}/agents/${agentId}/sources`)).sources as { title: string; chunks: number }[];
const conversations = async () => (await api("GET", `/api/admin/conversations?workspace=${t.server.workspaceId}&status=open`)).conversations as { id: string }[];

beforeAll(async () => {
  // note: small pieces with a pause between them, so the answer visibly streams in.
  provider = await startProvider({ reply: REPLY, chunk: 10, delayMs: 120 });
  // note: the fake provider listens on loopback, which a workspace's provider URL may name only with this flag.
  await t.start({ setup: true, args: ["--ai-allow-private-urls"] });
  const { agent } = await api("POST", `/api/admin/workspaces/${t.server.workspaceId}/agents`, { name: "Ava", avatarUrl: t.host.avatar(), instructions: "Answer from the billing docs. Be brief." });
  agentId = agent.id;
  agentKey = (await api("POST", `/api/admin/workspaces/${t.server.workspaceId}/keys`, { kind: "agent", agentId })).key;
}, 180_000);
afterAll(async () => {
  await t.stop();
  provider?.stop();
}, T);

test("Settings → AI saves the workspace's provider, never shows the key again, and Test provider reaches the model", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/settings/ai`);
  await page.getByText("No model").waitFor();
  await page.fill('input[name="url"]', provider.url);
  await page.fill('input[name="model"]', MODEL);
  await page.fill('input[name="key"]', KEY);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Key set", { exact: true }).waitFor();
  expect(await page.inputValue('input[name="key"]')).toBe("");
  expect(await page.locator('input[name="key"]').getAttribute("type")).toBe("password");
  const host = new URL(provider.url).host;
  expect(await page.locator(".provider-line").textContent()).toBe(`${MODEL} at ${host} (from this workspace's setting).`);
  await page.getByRole("button", { name: "Test provider" }).click();
  await hasText(page.locator(".test-result"), "answered in");
  expect(await page.locator(".test-result").textContent()).toContain(`${MODEL} at ${host}`);
  expect(provider.received.at(-1)!.authorization).toBe(`Bearer ${KEY}`);
  // note: the key is stored, yet neither the page nor the workspace as the API reads it carries it.
  expect(await page.content()).not.toContain(KEY);
  expect(JSON.stringify(await api("GET", `/api/admin/workspaces/${server.workspaceId}`))).not.toContain(KEY);

  // note: the key goes only to the host it was entered for: a URL moved to another host without a key drops it, and says so.
  const moved = provider.url.replace("127.0.0.1", "localhost");
  await page.fill('input[name="url"]', moved);
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator(".toast", { hasText: /^AI provider saved; enter the key again for the new host$/ }).last().waitFor();
  expect(await page.getByText("Key set", { exact: true }).count()).toBe(0);
  await page.fill('input[name="url"]', provider.url);
  await page.fill('input[name="key"]', KEY);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Key set", { exact: true }).waitFor();
  expect(watched.unexpected()).toEqual([]);
}, T);

test("an agent's sources: pasted and uploaded, each shows the passage count the server made; titles are text; delete takes two clicks", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/settings/agents`);
  await page.getByRole("link", { name: "Sources & Try it" }).click();
  await page.getByText("No sources yet").waitFor();
  // note: the avatar is on the host page's http origin: the console (https images only) shows initials instead of a broken image.
  expect(await page.locator(".agent-head .avatar").textContent()).toBe("A");
  expect(await page.locator(".provider-line").textContent()).toContain(MODEL);

  await page.fill('input[name="title"]', "Billing");
  await page.fill('input[name="url"]', BILLING);
  await page.fill('textarea[name="text"]', docText("billing.md"));
  await page.getByRole("button", { name: "Add source" }).click();
  const billing = page.locator(".source", { hasText: "Billing" });
  await billing.waitFor();
  const made = (await sources()).find((s) => s.title === "Billing")!;
  expect(made.chunks).toBeGreaterThan(1);
  expect(await billing.locator(".passage-count").textContent()).toBe(`${made.chunks} passages`);
  expect(await billing.locator("a").getAttribute("href")).toBe(BILLING);

  await page.getByRole("tab", { name: "Upload a file" }).click();
  await page.setInputFiles('input[name="file"]', { name: "account.md", mimeType: "text/markdown", buffer: Buffer.from(docText("account.md")) });
  await page.getByRole("button", { name: "Add source" }).click();
  const account = page.locator(".source", { hasText: "account" });
  await account.waitFor();
  const uploaded = (await sources()).find((s) => s.title === "account")!;
  expect(uploaded.chunks).toBeGreaterThan(0);
  expect(await account.locator(".passage-count").textContent()).toBe(`${uploaded.chunks} passage${uploaded.chunks === 1 ? "" : "s"}`);
  expect(await account.textContent()).toContain("internal: used, never named to visitors");

  const markup = "<img src=x onerror=alert(1)> Widget";
  await page.getByRole("tab", { name: "Upload a file" }).click();
  await page.fill('input[name="title"]', markup);
  await page.setInputFiles('input[name="file"]', { name: "widget.html", mimeType: "text/html", buffer: Buffer.from(docText("widget.html")) });
  await page.getByRole("button", { name: "Add source" }).click();
  const odd = page.locator(".source", { hasText: markup });
  await odd.waitFor();
  expect(await page.locator(".source-list img").count()).toBe(0);
  await odd.getByRole("button", { name: "Delete" }).click();
  await odd.getByRole("button", { name: "Delete for good?" }).click();
  await odd.waitFor({ state: "detached" });
  expect((await sources()).map((s) => s.title)).toEqual(["Billing", "account"]);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("Try it shows the answer, its cited source and its trace, and creates no conversation", async () => {
  const { server, page, watched } = t;
  const before = (await conversations()).length;
  await page.fill('textarea[name="question"]', "Where can I download my invoices?");
  await page.getByRole("button", { name: "Ask" }).click();
  await hasText(page.locator(".try-answer"), REPLY, 10_000);
  expect(await page.locator(".try-sources a").getAttribute("href")).toBe(BILLING);
  const trace = (await page.locator(".try-out .trace").textContent())!;
  expect(trace).toContain(new URL(provider.url).host);
  expect(trace).toContain(MODEL);
  expect(trace).toContain(`${USAGE.prompt} in`);
  expect(await page.locator(".try-out .passage-head", { hasText: "Billing" }).count()).toBeGreaterThan(0);
  expect(await page.locator(".try-out .passage-score").first().textContent()).toMatch(/^\d+\.\d\d$/);
  expect((await conversations()).length).toBe(before);
  await shoot(page, `${ARTIFACTS}console-agent-1280.png`);
  // note: the agent page on a phone: nothing wider than the screen.
  const phone = await t.owner.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${server.url}/admin/settings/agents/${agentId}`);
  await phone.locator(".source", { hasText: "Billing" }).waitFor();
  expect(await overflow(phone)).toEqual([]);
  await shoot(phone, `${ARTIFACTS}console-agent-390.png`);
  await phone.close();
  expect(watched.unexpected()).toEqual([]);
}, T);

test("through the agent key the visitor sees typing dots, the answer streaming in, then the answer with its source", async () => {
  const context = await t.context({ viewport: { width: 1100, height: 780 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => void errors.push(e.message));
  await page.goto(t.host.page(snippet(t.server, "", agentKey)));
  guest = { page, w: widget(page) };
  const { w } = guest;
  await w.booted();
  await w.launcher.click();
  await visible(w.composer);
  await hasText(w.title, "Ava");
  expect(await w.q("header .avatar img").getAttribute("src")).toBe(t.host.avatar());
  // note: what the pending row showed, as it changed: the dots, then each text so far.
  await page.evaluate(() => {
    const root = document.querySelector("woes-widget")!.shadowRoot!;
    const seen = ((window as any).__seen = { dots: false, texts: [] as string[] });
    new MutationObserver(() => {
      const row = root.querySelector(".pending");
      if (!row) return;
      if (row.querySelector(".dots")) seen.dots = true;
      const text = row.querySelector(".bubble")!.textContent ?? "";
      if (text && seen.texts.at(-1) !== text) seen.texts.push(text);
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  const sent = await w.send("Where can I download my invoices?");
  conversationId = sent.conversation.id;
  await visible(w.q(".pending .dots"));
  // note: the screenshot waits for some words, well before the whole answer.
  await until(async () => ((await w.q(".pending .bubble").textContent()) ?? "").length >= 40, "the answer streaming in", 10_000);
  await page.screenshot({ path: `${ARTIFACTS}widget-agent-streaming.png` });
  await until(async () => (await w.messages.allTextContents()).some((m) => m.endsWith(REPLY)), "the final answer", 15_000);
  expect(await w.q(".pending").count()).toBe(0);
  const link = w.q(".src a");
  expect(await link.evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute("href"), a.getAttribute("rel"), a.getAttribute("target")]))).toEqual([["Billing", BILLING, "noopener noreferrer nofollow", "_blank"]]);
  const seen = await page.evaluate(() => (window as any).__seen as { dots: boolean; texts: string[] });
  expect(seen.dots).toBe(true);
  expect(seen.texts.length).toBeGreaterThan(1);
  expect(seen.texts.every((s) => REPLY.startsWith(s) && s.length < REPLY.length)).toBe(true);
  expect(await w.q(".handoff").isVisible()).toBe(true);
  await page.screenshot({ path: `${ARTIFACTS}widget-agent-answer.png` });
  // note: on a phone the messenger fills the screen; the answer, its source and Talk to a person all fit.
  await page.setViewportSize({ width: 390, height: 844 });
  await visible(w.q(".handoff"));
  await page.screenshot({ path: `${ARTIFACTS}widget-agent-answer-390.png` });
  await page.setViewportSize({ width: 1100, height: 780 });
  expect(errors).toEqual([]);
}, T);

test("under the agent's answer the console shows “Why this answer?”: host, model, passages and scores, tokens, latency (1280 and 390 px)", async () => {
  const { server } = t;
  for (const width of [1280, 390]) {
    const page = await t.owner.newPage();
    const watched = watch(page, `conversation at ${width} px`);
    await page.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    await page.goto(`${server.url}/admin/inbox/${conversationId}`);
    const why = page.locator(".msg-agent .why");
    await page.locator(".msg-agent .why > summary").click();
    const text = (await why.locator(".trace").textContent())!;
    expect(text).toContain(new URL(provider.url).host);
    expect(text).toContain(MODEL);
    expect(text).toContain(`${USAGE.prompt} in · ${USAGE.completion} out · ${USAGE.total} total`);
    expect(text).toMatch(/Latency\d+(\.\d)? m?s/);
    expect(await why.locator(".passage-head", { hasText: "Billing" }).count()).toBeGreaterThan(0);
    expect(await why.locator(".trace-sent summary").textContent()).toMatch(/^Messages sent to the model \(\d+\)$/);
    expect(await page.locator(".conv-head .handler").textContent()).toContain("Take over");
    expect(await overflow(page)).toEqual([]);
    // note: the opened trace fits the thread: it neither scrolls sideways nor squeezes the visitor's name out of the header.
    expect(await page.locator(".thread").evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    expect((await page.locator(".conv-title h2").boundingBox())!.width).toBeGreaterThan(60);
    await why.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}console-agent-trace-${width}.png` });
    expect(watched.unexpected()).toEqual([]);
    await page.close();
  }
}, T);

test("Talk to a person: the visitor sees the system message; the inbox puts the conversation first, waiting for a person; Hand back gives it to the agent again", async () => {
  const { server, page, watched } = t;
  const { w } = guest;
  // note: a newer conversation of the workspace key, which would come first by activity alone.
  await (await visitor(server, { name: "Newer Visitor" })).send("A question that arrived later.");
  await w.q(".handoff").click();
  await hasText(w.q(".log .sys"), "A teammate will reply here soon.");
  await until(async () => !(await w.q(".handoff").isVisible()), "the handoff button hidden");

  await page.goto(`${server.url}/admin/inbox`);
  const first = page.locator(".conv-item").first();
  await until(async () => (await first.getAttribute("data-id")) === conversationId, "the waiting conversation first");
  expect(await first.locator(".badge", { hasText: "Waiting for a person" }).count()).toBe(1);
  await page.selectOption(".handler-filter", "agent");
  await until(async () => (await page.locator(`.conv-item[data-id="${conversationId}"]`).count()) === 0, "the agent filter without it");
  await page.selectOption(".handler-filter", "team");
  await page.locator(`.conv-item[data-id="${conversationId}"]`).waitFor();

  await page.locator(`.conv-item[data-id="${conversationId}"]`).click();
  await page.getByRole("button", { name: "Hand back to agent" }).click();
  await page.getByRole("button", { name: "Take over" }).waitFor();
  await visible(w.q(".handoff"));
  expect(watched.unexpected()).toEqual([]);
}, T);

test("a provider that fails: the visitor gets the handoff message, never an error; the console explains it under “Why was it handed over?”", async () => {
  const { server, watched } = t;
  const { w } = guest;
  provider.mode = "fail";
  try {
    await w.send("And can I change the VAT number on old invoices?");
    await until(async () => (await w.q(".log .sys").allTextContents()).filter((s) => s.includes("A teammate will reply here soon.")).length === 2, "a second handoff message", 15_000);
    expect(await w.q(".pending").count()).toBe(0);
    expect(await w.q(".log").textContent()).not.toMatch(/500|upstream|error/i);

    const page = await t.owner.newPage();
    const seen = watch(page, "failed attempt");
    await page.goto(`${server.url}/admin/inbox/${conversationId}`);
    const why = page.locator(".msg-system .why").last();
    await why.locator("> summary", { hasText: "Why was it handed over?" }).click();
    const text = (await why.locator(".trace").textContent())!;
    expect(text).toContain("The model provider failed.");
    expect(text).toContain(MODEL);
    expect(await why.locator(".trace-error").count()).toBe(1);
    expect(await page.locator(".conv-item", { hasText: "Waiting for a person" }).count()).toBeGreaterThan(0);
    await why.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}console-agent-handoff-trace-1280.png` });
    expect(seen.unexpected()).toEqual([]);
    await page.close();
  } finally {
    provider.mode = "stream";
  }
  expect(watched.unexpected()).toEqual([]);
}, T);

test("without a model: Settings → AI goes back to the server's (none here), and Try it quotes the best passage, naming its source", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/settings/ai`);
  await page.getByRole("button", { name: "Use the server's provider" }).click();
  await page.getByText("No model", { exact: true }).waitFor();
  expect((await api("GET", `/api/admin/workspaces/${server.workspaceId}`)).workspace.aiProvider).toEqual({ source: "none" });
  const asked = provider.received.length;
  await page.goto(`${server.url}/admin/settings/agents/${agentId}`);
  await page.fill('textarea[name="question"]', "How do I ask for a refund of my annual subscription?");
  await page.getByRole("button", { name: "Ask" }).click();
  await hasText(page.locator(".try-answer"), "billing@acme.example");
  expect(await page.locator(".try-sources a").getAttribute("href")).toBe(BILLING);
  expect(await page.locator(".try-out .trace").textContent()).toContain("None: the best passage, quoted");
  expect(provider.received.length).toBe(asked);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("a model's markup is text: in the widget's answer, and in Try it", async () => {
  const { server, page, watched } = t;
  const markup = `<img src=x onerror="window.__pwned=1">Invoices are under <b>Billing</b>, see Settings and then Billing and Invoices for every PDF you need.`;
  provider.reply = markup;
  await api("PATCH", `/api/admin/workspaces/${server.workspaceId}`, { settings: { ai: { url: provider.url, model: MODEL } } });
  try {
    await page.goto(`${server.url}/admin/settings/agents/${agentId}`);
    await page.fill('textarea[name="question"]', "Where can I download my invoices?");
    await page.getByRole("button", { name: "Ask" }).click();
    await hasText(page.locator(".try-answer"), markup, 10_000);
    expect(await page.locator(".try-out img, .try-out b").count()).toBe(0);

    const visitorPage = await (await t.context()).newPage();
    await visitorPage.goto(t.host.page(snippet(server, "", agentKey)));
    const w = widget(visitorPage);
    await w.booted();
    await w.launcher.click();
    await visible(w.composer);
    await w.send("Where can I download my invoices?");
    await until(async () => (await w.messages.allTextContents()).some((m) => m.endsWith(markup)), "the answer, as text", 15_000);
    expect(await w.q(".log img:not(.mini img), .log b").count()).toBe(0);
    expect(await visitorPage.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  } finally {
    provider.reply = REPLY;
  }
  expect(watched.unexpected()).toEqual([]);
}, T);
