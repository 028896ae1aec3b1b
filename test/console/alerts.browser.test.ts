// Alerts in real Chromium against dist/woes: the operator turns on notifications and the sound on the Account
// page (saved with the account; the permission granted through the browser context, never asked on load), a
// visitor writes, and the tab title, the favicon and a Notification (captured by wrapping window.Notification)
// follow; an agent's handoff alerts as waiting, and its notification opens the conversation; nothing alerts for the
// conversation open in the focused tab; the choices follow to another browser.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Frame, Page, Request } from "playwright-core";
import { ARTIFACTS, hasText, until } from "../widget/browser-kit";
import { consoleFetch, consoleSuite, holdNextRead, OWNER, overflow, shoot, SIGNED_OUT, T, watch } from "./console-kit";
import { visitor } from "./seed";

const t = consoleSuite();

// note: runs before the console's own script; counts notices, permission prompts and beeps, and still shows the notice.
const CAPTURE = () => {
  const w = window as any;
  w.__notes = [];
  w.__shown = [];
  w.__asked = 0;
  w.__beeps = 0;
  const Real = window.Notification;
  if (Real) {
    class Captured extends Real {
      constructor(title: string, options?: NotificationOptions) {
        w.__notes.push({ title, body: options?.body ?? "" });
        super(title, options);
        w.__shown.push(this);
      }
    }
    const ask = Real.requestPermission.bind(Real);
    Object.defineProperty(Captured, "permission", { get: () => Real.permission });
    (Captured as any).requestPermission = (...a: any[]) => (w.__asked++, ask(...a));
    w.Notification = Captured;
  }
  const osc = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    w.__beeps++;
    return osc.call(this);
  };
};

const adminPost = async (path: string, body: unknown) => {
  const res = await fetch(t.server.url + path, { method: "POST", headers: { authorization: `Bearer ${t.server.adminToken}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
};
const notes = (page: Page): Promise<{ title: string; body: string }[]> => page.evaluate(() => (window as any).__notes);
const icon = (page: Page) => page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href);
/** watching resolves once the alerts of the page about to load have read the inbox they compare later changes
 *  with (the stream is up). note: only a read the new document asked for counts: the page before it may still
 *  have one in flight, whose late answer (seen under Deno) would let the test go on before the new page watches. */
const watching = (page: Page) => {
  const fresh = new Set<Request>();
  let loaded = false;
  const navigated = (frame: Frame) => frame === page.mainFrame() && (loaded = true);
  const asked = (r: Request) => loaded && fresh.add(r);
  page.on("framenavigated", navigated).on("request", asked);
  return page
    .waitForResponse((r) => fresh.has(r.request()) && /\/api\/admin\/conversations\?.*limit=100/.test(r.url()))
    .finally(() => page.off("framenavigated", navigated).off("request", asked));
};
const title = async (page: Page, want: string) => {
  let seen = "";
  await until(async () => (seen = await page.title()) === want, `the title "${want}"`, 8000).catch(() => expect(seen).toBe(want));
};

beforeAll(async () => {
  await t.start({ setup: true });
  await t.owner.grantPermissions(["notifications"], { origin: t.server.url });
  await t.owner.addInitScript(CAPTURE);
}, 180_000);
afterAll(() => t.stop(), T);

/** widgetCall posts to a widget route as a page on the shop's origin would, with the key and, once known, the visitor's token. */
async function widgetCall(url: string, key: string, path: string, body: unknown, token?: string) {
  const headers: Record<string, string> = { "x-woes-key": key, origin: "https://shop.acme.test", "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  return (await fetch(`${url}/api/widget/${path}`, { method: "POST", headers, body: JSON.stringify(body) })).json();
}

test("turning alerts on from the Account page saves them with the account; the permission is never asked on load", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/account`);
  const alerts = page.locator(".card", { has: page.getByRole("heading", { name: "Alerts" }) });
  await hasText(alerts.getByTestId("notify-permission"), "This browser shows them.");
  expect(await alerts.getByRole("checkbox", { name: "Browser notifications" }).isChecked()).toBe(false);
  expect(await alerts.getByRole("checkbox", { name: "Play a sound" }).isChecked()).toBe(false);
  expect(await alerts.getByRole("checkbox", { name: "Unread count in the tab title and icon" }).isChecked()).toBe(true);
  await alerts.getByRole("checkbox", { name: "Browser notifications" }).check();
  await page.getByText("Alerts saved").first().waitFor();
  // note: with the keyboard, as an operator without a mouse would.
  await alerts.getByRole("checkbox", { name: "Play a sound" }).focus();
  await page.keyboard.press("Space");
  await until(async () => (await consoleFetch(page, "GET", "/api/console/me/alerts")).json.alerts.sound === true, "the sound saved");
  expect((await consoleFetch(page, "GET", "/api/console/me/alerts")).json.alerts).toMatchObject({ notifications: true, sound: true, badge: true });
  expect(await page.evaluate(() => (window as any).__asked)).toBe(0);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.reload();
    await alerts.getByRole("checkbox", { name: "Browser notifications" }).waitFor();
    expect(await alerts.getByRole("checkbox", { name: "Browser notifications" }).isChecked()).toBe(true);
    expect(await overflow(page)).toEqual([]);
    await shoot(page, `${ARTIFACTS}console-alerts-${width}.png`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(watched.unexpected()).toEqual([]);
}, T);

test("a visitor writes: the tab title and favicon count it, a notification and a beep announce it; a reply's conversation, once seen, leaves the count", async () => {
  const { server, page, watched } = t;
  const ready = watching(page);
  await page.goto(`${server.url}/admin/stats`);
  await ready;
  await title(page, "Stats · Woes");
  expect(await icon(page)).toBe("data:,");
  const ada = await visitor(server, { name: "Ada Lovelace" });
  const first = await ada.send("Do you ship tents to Norway?");
  await title(page, "(1) Stats · Woes");
  expect(decodeURIComponent(await icon(page))).toMatch(/^data:image\/svg\+xml,<svg.*>1<\/text>/);
  await until(async () => (await notes(page)).length === 1, "one notification", 15_000);
  expect(await notes(page)).toEqual([{ title: "New conversation from Ada Lovelace", body: "Do you ship tents to Norway?" }]);
  expect(await page.evaluate(() => (window as any).__beeps)).toBe(1);

  await ada.send("Or to Svalbard?", first);
  await until(async () => (await notes(page)).length === 2, "a second notification");
  expect((await notes(page))[1]).toEqual({ title: "New message from Ada Lovelace", body: "Or to Svalbard?" });
  const grace = await visitor(server, { name: "Grace Hopper" });
  await grace.send("My tent pole arrived broken.");
  await title(page, "(2) Stats · Woes");

  // note: the conversation open in this focused tab is seen as it shows: no notice for it, and it leaves the count.
  await page.bringToFront();
  await page.goto(`${server.url}/admin/inbox/${first}`);
  await hasText(page.locator(".thread .msg"), "Svalbard");
  await title(page, "(1) Inbox · Woes");
  expect(await page.evaluate(() => document.hasFocus())).toBe(true);
  const before = (await notes(page)).length;
  await ada.send("Never mind, found it.", first);
  await hasText(page.locator(".thread .msg"), "found it");
  await page.waitForTimeout(600);
  expect(await page.title()).toBe("(1) Inbox · Woes");
  expect((await notes(page)).length).toBe(before);
  // note: once the window loses focus the same open conversation alerts again: nobody is looking at it. Headless
  // Chromium keeps every page focused, so the page is told it lost focus, as another window in front would.
  await page.evaluate(() => Object.defineProperty(document, "hasFocus", { value: () => false, configurable: true }));
  await ada.send("Actually, one more thing.", first);
  await until(async () => (await notes(page)).length === before + 1, "a notification from the background tab");
  expect((await notes(page)).at(-1)).toEqual({ title: "New message from Ada Lovelace", body: "Actually, one more thing." });
  expect(watched.unexpected()).toEqual([]);
}, T);

test("an agent's conversation handed to the team alerts as waiting for a person", async () => {
  const { server, page, watched } = t;
  const { agent } = await adminPost(`/api/admin/workspaces/${server.workspaceId}/agents`, { name: "Ava", instructions: "Answer briefly." });
  const { key } = await adminPost(`/api/admin/workspaces/${server.workspaceId}/keys`, { kind: "agent", agentId: agent.id });
  const ready = watching(page);
  await page.goto(`${server.url}/admin/contacts`);
  await ready;
  const before = (await notes(page)).length;
  const session = await widgetCall(server.url, key, "session", { identity: { name: "Hedy Lamarr" }, page: { url: "https://shop.acme.test/", title: "Acme" } });
  const sent = await widgetCall(server.url, key, "messages", { body: "Can I talk to a person, please?" }, session.visitor.token);
  await until(async () => (await notes(page)).some((n) => n.title === "Hedy Lamarr is waiting for a person"), "the waiting notification", 10_000);
  expect((await notes(page)).length).toBe(before + 1);
  // note: clicking the notification opens its conversation in this tab.
  await page.evaluate(() => (window as any).__shown.at(-1).onclick());
  await page.waitForURL(`**/admin/inbox/${sent.conversation.id}`);
  await hasText(page.locator(".thread .msg"), "talk to a person");
  expect(watched.unexpected()).toEqual([]);
}, T);

test("the choices follow the operator to another browser, which asks its own permission only from the click", async () => {
  const { server, page } = t;
  const other = await (await t.context({ viewport: { width: 1280, height: 800 } })).newPage();
  await other.context().addInitScript(CAPTURE);
  const watched = watch(other, "second browser");
  await other.goto(`${server.url}/admin/login`);
  await other.fill('input[name="email"]', OWNER.email);
  await other.fill('input[name="password"]', OWNER.password);
  await other.click('button[type="submit"]');
  await other.locator(".conv-list").waitFor();
  await title(other, "(1) Inbox · Woes");
  await other.goto(`${server.url}/admin/account`);
  const box = other.getByRole("checkbox", { name: "Browser notifications" });
  await box.waitFor();
  expect(await box.isChecked()).toBe(true);
  expect(await other.getByRole("checkbox", { name: "Play a sound" }).isChecked()).toBe(true);
  await hasText(other.getByTestId("notify-permission"), "will ask when you turn them on");
  expect(await other.evaluate(() => (window as any).__asked)).toBe(0);
  // note: turning the badge off in this browser turns it off for the operator everywhere (the first tab after a reload).
  await other.getByRole("checkbox", { name: "Unread count in the tab title and icon" }).uncheck();
  await other.getByText("Alerts saved").first().waitFor();
  expect(await other.title()).toBe("Account · Woes");
  await page.goto(`${server.url}/admin/stats`);
  await title(page, "Stats · Woes");
  expect(await icon(page)).toBe("data:,");
  expect(watched.unexpected([SIGNED_OUT])).toEqual([]);
}, T);

test("with Waiting off, a conversation handed to the team still alerts as the next kind chosen (a new conversation)", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/contacts`);
  expect((await consoleFetch(page, "PATCH", "/api/console/me/alerts", { waiting: false, newConversation: true, notifications: true })).status).toBe(200);
  const { agent } = await adminPost(`/api/admin/workspaces/${server.workspaceId}/agents`, { name: "Ivy", instructions: "Answer briefly." });
  const { key } = await adminPost(`/api/admin/workspaces/${server.workspaceId}/keys`, { kind: "agent", agentId: agent.id });
  const ready = watching(page);
  await page.reload();
  await ready;
  const before = (await notes(page)).length;
  const session = await widgetCall(server.url, key, "session", { identity: { name: "Rosalind Franklin" }, page: { url: "https://shop.acme.test/", title: "Acme" } });
  await widgetCall(server.url, key, "messages", { body: "Can I talk to a person, please?" }, session.visitor.token);
  await until(async () => (await notes(page)).some((n) => n.title === "New conversation from Rosalind Franklin"), "the new-conversation notification", 10_000);
  expect((await notes(page)).slice(before).map((n) => n.title)).toEqual(["New conversation from Rosalind Franklin"]);
  expect((await consoleFetch(page, "PATCH", "/api/console/me/alerts", { waiting: true })).status).toBe(200);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("Try an alert in a browser that refuses new Notification (Android Chrome) says so instead of failing", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/account`);
  await page.getByTestId("alert-try").waitFor();
  expect((await consoleFetch(page, "PATCH", "/api/console/me/alerts", { notifications: true })).status).toBe(200);
  await page.reload();
  await page.getByTestId("alert-try").waitFor();
  // note: Android Chrome grants the permission but throws on the constructor: only a service worker may show one.
  await page.evaluate(() => {
    const Throwing = function () {
      throw new TypeError("Failed to construct 'Notification': Illegal constructor. Use ServiceWorkerRegistration.showNotification() instead.");
    } as any;
    Object.defineProperty(Throwing, "permission", { get: () => "granted" });
    (window as any).Notification = Throwing;
  });
  await page.getByTestId("alert-try").click();
  await page.getByText("This browser shows notifications only from an installed app").waitFor();
  expect(watched.unexpected()).toEqual([]);
}, T);

test("an inbox read answered after a newer one is dropped: no count going back, no second alert", async () => {
  const { server, page, watched } = t;
  const yan = await visitor(server, { name: "Yan Zhang" });
  const id = await yan.send("Is the tent waterproof?");
  const ready = watching(page);
  await page.goto(`${server.url}/admin/contacts`);
  await ready;
  const before = (await notes(page)).length;
  // note: the next read of the inbox is answered by the server at once but handed to the page only when released.
  const { answered: held, release } = await holdNextRead(page, /\/api\/admin\/conversations\?.*limit=100/);
  await yan.send("And the poles, are they aluminium?", id);
  await held;
  await yan.send("Sorry, one more: the weight?", id);
  await until(async () => (await notes(page)).some((n) => n.body.includes("the weight")), "the newer message's notification", 10_000);
  const old = page.waitForResponse((r) => /limit=100/.test(r.url()));
  release();
  await old;
  await page.waitForTimeout(300);
  const zoe = await visitor(server, { name: "Zoe Adler" });
  await zoe.send("Do you sell gas canisters?");
  await until(async () => (await notes(page)).some((n) => n.title === "New conversation from Zoe Adler"), "Zoe's notification", 10_000);
  await page.waitForTimeout(300);
  expect((await notes(page)).slice(before).map((n) => n.title)).toEqual(["New message from Yan Zhang", "New conversation from Zoe Adler"]);
  await page.unroute(/\/api\/admin\/conversations\?.*limit=100/);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("switching workspaces there and back while the alert choices load leaves no stream behind", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/contacts`);
  const made = await consoleFetch(page, "POST", "/api/admin/workspaces", { name: "Globex Support" });
  expect(made.status).toBe(201);
  const globex = made.json.workspace.id as string;
  // note: every stream to this workspace the page opens, until it closes again.
  const acme = `workspace=${server.workspaceId}`;
  const open = new Set<Request>();
  page.on("request", (r) => void (r.url().includes("/conversations/stream") && r.url().includes(acme) && open.add(r)));
  page.on("requestfailed", (r) => void open.delete(r));
  page.on("requestfinished", (r) => void open.delete(r));
  // note: the alert choices are read on load and at each switch; all three answers come only after the switches.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = 0;
  await page.route("**/api/console/me/alerts", async (route) => {
    if (route.request().method() !== "GET") return route.fallback();
    held++;
    await released;
    await route.fallback();
  });
  await page.reload();
  await until(async () => held >= 1, "the choices read on load");
  await page.selectOption(".ws-select", globex);
  await until(async () => held >= 2, "the choices read for Globex");
  await page.selectOption(".ws-select", server.workspaceId);
  await until(async () => held >= 3, "the choices read for Acme again");
  release();
  await page.waitForTimeout(500);
  await page.unroute("**/api/console/me/alerts");
  await page.selectOption(".ws-select", globex);
  await page.locator(".live-dot.on").waitFor();
  await until(async () => open.size === 0, "every stream to Acme closed", 3000).catch(() => expect(open.size).toBe(0));
  await page.selectOption(".ws-select", server.workspaceId);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("a busy workspace: the title counts every unread open conversation, past the 100 newest; reading one takes one off, a new one adds one", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/contacts`);
  const made = await consoleFetch(page, "POST", "/api/admin/workspaces", { name: "Busy Shop" });
  expect(made.status).toBe(201);
  const busy = made.json.workspace.id as string;
  const key = made.json.publicKey as string;
  /** writes starts a visitor of Busy Shop who writes a first message; the answer is the new conversation's id. */
  const writes = async (body: string) => {
    const session = await widgetCall(server.url, key, "session", {});
    return (await widgetCall(server.url, key, "messages", { body }, session.visitor.token)).conversation.id as string;
  };
  const ids: string[] = [];
  for (let i = 0; i < 105; i += 15) ids.push(...(await Promise.all(Array.from({ length: Math.min(15, 105 - i) }, (_, j) => writes(`Question ${i + j}`)))));
  // note: a test above turned the badge off for the operator; the memberships (and so the workspace menu) are read on load.
  expect((await consoleFetch(page, "PATCH", "/api/console/me/alerts", { badge: true })).status).toBe(200);
  await page.reload();
  await page.selectOption(".ws-select", busy);
  await title(page, "(105) Inbox · Woes");
  // note: the oldest conversation is not among the inbox's 100 newest; opening it by its link still takes it off.
  await page.goto(`${server.url}/admin/inbox/${ids[0]}`);
  await hasText(page.locator(".thread .msg"), "Question 0");
  await title(page, "(104) Inbox · Woes");
  const ready = watching(page);
  await page.goto(`${server.url}/admin/stats`);
  await ready;
  await title(page, "(104) Stats · Woes");
  await writes("One more question");
  await title(page, "(105) Stats · Woes");
  await page.selectOption(".ws-select", server.workspaceId);
  expect(watched.unexpected()).toEqual([]);
}, T);
