// Browser test kit: Debian's Chromium driven by playwright-core, host pages served from another origin
// than the server, the operator API, and small helpers to read the widget's shadow DOM.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { NO_LIMITS, type RunningServer } from "../helpers/server";
import { serve, sleep } from "../runtime/neutral";
import { STUB } from "./dom-kit";
import { roomyTimeouts } from "../helpers/timeouts";

/** ARTIFACTS is where screenshots go (gitignored), to be looked at by a person. */
export const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;

/** launch starts headless Chromium the way CI can run it (no sandbox, no GPU, no background traffic). */
export function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** STUB_HASH is the CSP hash a strict page adds to script-src for the inline queue stub. */
export const STUB_HASH = `'sha256-${createHash("sha256").update(STUB).digest("base64")}'`;

/** Server is what the tests need of a running woes (test/helpers/server.ts). */
export interface Server {
  url: string;
  publicKey: string;
  identitySecret: string;
  adminToken: string;
  workspaceId: string;
}

/** snippet is the install snippet exactly as the server prints it, with calls made before the script loads. */
export const snippet = (server: Server, before = "", key = server.publicKey) =>
  `<script>${STUB}</script>${before ? `<script>${before}</script>` : ""}\n<script async src="${server.url}/widget.js" data-public-key="${key}" data-api="${server.url}/api/widget/messages"></script>`;

const AVATAR = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#f59e0b"/><circle cx="20" cy="16" r="7" fill="#fff"/><rect x="8" y="26" width="24" height="12" rx="6" fill="#fff"/></svg>`;

/** serveHost serves host pages from http://localhost:PORT, another origin than the server's 127.0.0.1. */
export async function serveHost() {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const server = await serve((request) => {
    const path = new URL(request.url).pathname;
    if (path == "/avatar.svg") return new Response(AVATAR, { headers: { "content-type": "image/svg+xml" } });
    const page = pages.get(path);
    if (!page) return new Response("not found", { status: 404 });
    return new Response(page.html, { headers: { "content-type": "text/html; charset=utf-8", ...page.headers } });
  });
  let n = 0;
  return {
    /** page registers a host page around body and returns its URL. */
    page(body: string, headers: Record<string, string> = {}) {
      const path = `/page-${++n}`;
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Acme shop</title></head>
<body><main><h1>Acme shop</h1><p>Host page content.</p><button id="host-button">A host button</button></main>${body}</body></html>`;
      pages.set(path, { html, headers });
      return `http://localhost:${server.port}${path}`;
    },
    /** avatar is an image URL on the host's origin, for agent avatars. */
    avatar: () => `http://localhost:${server.port}/avatar.svg`,
    stop: () => server.stop(),
  };
}

/** operator calls the operator API with the admin token. */
export function operator(server: Server) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : {};
  };
  return {
    get: (path: string) => call("GET", path),
    reply: (conversationId: string, body: string, internal = false) => call("POST", `/api/admin/conversations/${conversationId}/messages`, { body, internal }),
    close: (conversationId: string) => call("POST", `/api/admin/conversations/${conversationId}/close`, {}),
    /** erase deletes a visitor and all it wrote (its token dies with it). */
    erase: (visitorId: string) => call("DELETE", `/api/admin/visitors/${visitorId}`),
    settings: (settings: Record<string, unknown>) => call("PATCH", `/api/admin/workspaces/${server.workspaceId}`, { settings }),
    /** agentKey creates an agent and an agent widget key for it. */
    async agentKey(agent: { name: string; avatarUrl?: string }): Promise<string> {
      const made = await call("POST", `/api/admin/workspaces/${server.workspaceId}/agents`, agent);
      const agentId = made.id ?? made.agent?.id;
      const key = await call("POST", `/api/admin/workspaces/${server.workspaceId}/keys`, { kind: "agent", agentId });
      return key.key;
    },
  };
}

/** ApiCall is one widget request the page made. */
export interface ApiCall {
  method: string;
  route: string;
  url: string;
  headers: Record<string, string>;
  body: any;
}

/** recordApi records every widget API request of the page (fetch and beacons). */
export function recordApi(page: Page): ApiCall[] {
  const calls: ApiCall[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    const at = url.pathname.indexOf("/api/widget/");
    if (at < 0) return;
    let body: any = r.postData();
    try {
      body = body ? JSON.parse(body) : undefined;
    } catch {
      /* not JSON */
    }
    calls.push({ method: r.method(), route: url.pathname.slice(at + 12), url: r.url(), headers: r.headers(), body });
  });
  return calls;
}

/** eventTypes lists the event types the page has posted so far. */
export const eventTypes = (calls: ApiCall[]) => calls.filter((c) => c.route == "events").flatMap((c) => c.body.events.map((e: any) => e.type));

/** until polls check until it returns a truthy value, or fails with what it last saw. */
export async function until<T>(check: () => T | Promise<T>, what: string, ms = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await sleep(50);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** widget locates the widget's parts; Playwright's CSS locators pierce the open shadow root. */
export function widget(page: Page) {
  const q = (css: string) => page.locator(`woes-widget ${css}`);
  return {
    q,
    launcher: q(".launcher"),
    badge: q(".badge"),
    panel: q(".panel"),
    title: q(".title"),
    composer: q(".composer textarea"),
    messages: q(".log .bubble"),
    theme: async () => (await page.locator("woes-widget .w").getAttribute("class"))?.match(/\b(light|dark)\b/)?.[1],
    /** booted waits until the widget answered its session (the loader exposes its state to the messenger). */
    booted: () => page.waitForFunction(() => !!(window as any).__woes?.s.session, undefined, { timeout: 10000 }),
    /** send types into the composer, presses Enter, and returns the server's answer to the send. */
    async send(text: string) {
      const answer = page.waitForResponse((r) => r.url().endsWith("/api/widget/messages") && r.request().method() == "POST");
      await q(".composer textarea").fill(text);
      await q(".composer textarea").press("Enter");
      return (await (await answer).json()) as { conversation: { id: string }; message: { id: string; clientId?: string } };
    },
  };
}

/** Opened is one host page with the widget, its recorded requests and console output. */
export type Opened = Awaited<ReturnType<ReturnType<typeof suite>["open"]>>;

/** suite starts the real executable, Chromium and the host server once for a test file, and opens pages. */
export function suite(startServer: (opts?: { args?: string[] }) => Promise<RunningServer>) {
  roomyTimeouts();
  let server!: RunningServer;
  let browser!: Browser;
  let host!: Awaited<ReturnType<typeof serveHost>>;
  const contexts: import("playwright-core").BrowserContext[] = [];
  const self = {
    get server() {
      return server;
    },
    get host() {
      return host;
    },
    get op() {
      return operator(server);
    },
    async start() {
      // note: many visitors and conversations come from one address in these tests.
      [server, browser] = await Promise.all([startServer({ args: NO_LIMITS }), launch()]);
      host = await serveHost();
    },
    async stop() {
      await browser?.close();
      host?.stop();
      await server?.stop();
    },
    /** closeContexts ends the pages of the last test. */
    async closeContexts() {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    },
    /** open loads a host page with the snippet (or body) in a fresh browser profile. */
    async open(opts: { body?: string; before?: string; init?: string; headers?: Record<string, string>; context?: import("playwright-core").BrowserContext; contextOptions?: import("playwright-core").BrowserContextOptions } = {}) {
      const context = opts.context ?? (await browser.newContext({ viewport: { width: 1100, height: 780 }, ...opts.contextOptions }));
      if (!opts.context) contexts.push(context);
      const page = await context.newPage();
      const calls = recordApi(page);
      const warnings: string[] = [];
      const consoleErrors: string[] = [];
      const errors: string[] = [];
      page.on("console", (m) => void (m.type() == "warning" ? warnings : m.type() == "error" ? consoleErrors : []).push(m.text()));
      if (opts.init) await page.addInitScript(opts.init);
      page.on("pageerror", (e) => void errors.push(e.message));
      page.on("dialog", (d) => void (errors.push("dialog: " + d.message()), d.dismiss()));
      await page.goto(host.page(opts.body ?? snippet(server, opts.before), opts.headers));
      return { context, page, calls, warnings, consoleErrors, errors, w: widget(page) };
    },
  };
  return self;
}

/** visible waits until the locator is shown. */
export const visible = (l: Locator, timeout = 5000) => l.first().waitFor({ state: "visible", timeout });

/** hidden waits until the locator is hidden or gone. */
export const hidden = (l: Locator, timeout = 5000) => l.first().waitFor({ state: "hidden", timeout });

/** hasText waits until one of the locator's elements contains text. */
export const hasText = (l: Locator, text: string, timeout = 5000) =>
  until(async () => (await l.allTextContents()).some((t) => t.includes(text)), `"${text}"`, timeout);
