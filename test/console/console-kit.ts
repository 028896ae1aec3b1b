// Console browser kit: one executable, Chromium and the owner's signed-in profile per test file; what
// went wrong in a page (script errors, failed and refused requests); layout checks and screenshots.
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from "playwright-core";
import { NO_LIMITS, startServer, type RunningServer } from "../helpers/server";
import { launch, operator, serveHost, type Server } from "../widget/browser-kit";
import { roomyTimeouts } from "../helpers/timeouts";

/** OWNER is the account the first-run link creates. */
export const OWNER = { name: "Olivia Okafor", email: "olivia@acme.test", password: "correct horse battery staple", workspace: "Acme Outfitters" };

/** Allowed is an HTTP error the test expects: its status and a pattern of its URL. */
export type Allowed = [status: number, url: RegExp];

/** watch records a page's script errors, console errors, failed requests and HTTP errors. */
export function watch(page: Page, label: string) {
  const problems: { status: number; url: string; text: string }[] = [];
  page.on("pageerror", (e) => void problems.push({ status: 0, url: "", text: `${label}: script error: ${e.message}` }));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // note: Chromium also logs every HTTP error as "Failed to load resource"; those are judged as responses.
    if (m.text().startsWith("Failed to load resource")) return;
    problems.push({ status: 0, url: m.location().url, text: `${label}: console error: ${m.text()}` });
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push({ status: r.status(), url: r.url(), text: `${label}: ${r.request().method()} ${r.url()} answered ${r.status()}` });
  });
  page.on("requestfailed", (r) => {
    const error = r.failure()?.errorText ?? "";
    // note: leaving a page aborts what it still had in flight (its streams, a list loading); not a failure.
    if (error === "net::ERR_ABORTED") return;
    problems.push({ status: -1, url: r.url(), text: `${label}: ${r.method()} ${r.url()} failed: ${error}` });
  });
  return {
    /** unexpected lists the problems no allowed entry explains, and forgets them all. */
    unexpected(allowed: Allowed[] = []): string[] {
      const left = problems.filter((p) => !allowed.some(([status, url]) => p.status === status && url.test(p.url))).map((p) => p.text);
      problems.length = 0;
      return left;
    },
  };
}

/** markPage marks the page, so a later check tells whether it was reloaded since. */
export const markPage = (page: Page) => page.evaluate(() => ((window as any).__sameDocument = true));
/** sameDocument tells whether the page was not reloaded since markPage. */
export const sameDocument = (page: Page) => page.evaluate(() => (window as any).__sameDocument === true);

/** overflow lists what sticks out sideways: the page area scrolling sideways, or an element past the
 * screen's right edge that no scrolling or clipping box holds in (a code block that scrolls is fine). */
export const overflow = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const edge = window.innerWidth + 1;
    const name = (el: Element) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + (el.classList.length ? `.${[...el.classList].join(".")}` : "");
    for (const box of [document.documentElement, document.getElementById("page")]) {
      if (box && box.scrollWidth > box.clientWidth + 1) out.push(`${name(box)} scrolls sideways by ${box.scrollWidth - box.clientWidth} px`);
    }
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= edge) continue;
      let held = false;
      for (let up = el.parentElement; up && !held; up = up.parentElement) {
        held = getComputedStyle(up).overflowX !== "visible" && up.getBoundingClientRect().right <= edge;
      }
      if (!held) out.push(`${name(el)} ends at ${Math.round(r.right)} px`);
    }
    return out.slice(0, 10);
  });

/** shoot saves a screenshot of the whole page, taller than the screen when the page area scrolls. */
export async function shoot(page: Page, path: string) {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const area = document.getElementById("page");
    return area ? area.scrollHeight - area.clientHeight + window.innerHeight : window.innerHeight;
  });
  if (height > size.height) await page.setViewportSize({ width: size.width, height });
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize(size);
}

/** fieldError is the error sentence shown beside the control named name (inside within). */
export const fieldError = (within: Page | Locator, name: string) => within.locator(`.field:has([name="${name}"]) .field-error`);

/** consoleFetch calls the operator or console API from a signed-in console page, as its own code would. */
export function consoleFetch(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  return page.evaluate(
    async ([method, path, body]) => {
      const me = await (await fetch("/api/console/me")).json();
      const headers: Record<string, string> = { "x-csrf-token": me.csrfToken ?? "" };
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: await res.json().catch(() => null) };
    },
    [method, path, body] as const,
  );
}

/** adminGet reads the operator API with the admin token, past the browser. */
export const adminGet = (server: Server, path: string): Promise<any> => operator(server).get(path);

/** holdNextRead has the page's next GET to url answered by the server at once but handed to the page only on
 *  release; answered settles once the server answered it. Later reads go through. */
export async function holdNextRead(page: Page, url: string | RegExp) {
  let asked!: () => void;
  const answered = new Promise<void>((r) => (asked = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = false;
  await page.route(url, async (route) => {
    if (route.request().method() !== "GET" || held) return route.fallback();
    held = true;
    const response = await route.fetch();
    asked();
    await released;
    await route.fulfill({ response });
  });
  return { answered, release };
}

/** T is each browser test's time limit: two browsers against a real server, on a 2-core CI machine. */
export const T = 30_000;

/** SIGNED_OUT: a signed-out console asks who is signed in once (401) before it shows the sign-in page. */
export const SIGNED_OUT: Allowed = [401, /\/api\/console\/me$/];

/** setUpOwner creates the owner from the first-run link in page, and waits for Settings → Install. */
export async function setUpOwner(page: Page, setupUrl: string) {
  await page.goto(setupUrl);
  await page.getByRole("heading", { name: "Set up Woes" }).waitFor();
  await page.fill('input[name="name"]', OWNER.name);
  await page.fill('input[name="email"]', OWNER.email);
  await page.fill('input[name="password"]', OWNER.password);
  await page.fill('input[name="workspaceName"]', OWNER.workspace);
  await page.click('button[type="submit"]');
  await page.getByRole("heading", { name: "Settings · Install" }).waitFor();
}

/** consoleSuite starts the executable, Chromium and a host-page server for a test file; page is the owner's. */
export function consoleSuite() {
  roomyTimeouts();
  const contexts: BrowserContext[] = [];
  const t = {
    server: undefined as unknown as RunningServer,
    browser: undefined as unknown as Browser,
    host: undefined as unknown as Awaited<ReturnType<typeof serveHost>>,
    owner: undefined as unknown as BrowserContext,
    page: undefined as unknown as Page,
    watched: undefined as unknown as ReturnType<typeof watch>,
    /** start runs everything; with setup, the owner is created from the first-run link at once. */
    async start(opts: { setup?: boolean; args?: string[] } = {}) {
      // note: many visitors and conversations come from one address in these tests.
      [t.server, t.browser] = await Promise.all([startServer({ args: [...NO_LIMITS, ...(opts.args ?? [])] }), launch()]);
      t.host = await serveHost();
      t.owner = await t.context({ viewport: { width: 1280, height: 800 } });
      await t.owner.grantPermissions(["clipboard-read", "clipboard-write"], { origin: t.server.url });
      t.page = await t.owner.newPage();
      t.watched = watch(t.page, "owner console");
      if (!opts.setup) return;
      await setUpOwner(t.page, t.server.setupUrl!);
      const problems = t.watched.unexpected([SIGNED_OUT]);
      if (problems.length) throw new Error(`setting up the owner went wrong:\n${problems.join("\n")}`);
    },
    async stop() {
      await t.browser?.close();
      t.host?.stop();
      await t.server?.stop();
    },
    /** context opens another browser profile (a visitor, another operator), closed with the suite. */
    async context(options: BrowserContextOptions = {}) {
      const context = await t.browser.newContext({ viewport: { width: 1100, height: 780 }, ...options });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context;
    },
  };
  return t;
}
