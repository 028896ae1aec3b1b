// One live stream per browser: tabs of one visitor elect a leader (Web Locks) that streams and relays to the
// others; closing it hands over. Woes("shutdown") forgets the visitor in every tab. Real Chromium, real server.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { startServer } from "../helpers/server";
import { ARTIFACTS, hasText, hidden, suite, until, visible, type Opened } from "./browser-kit";

const t = suite(startServer);
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop());
afterEach(() => t.closeContexts());

type Page = import("playwright-core").Page;
const run = (page: Page, command: string, payload?: unknown) => page.evaluate(([c, p]) => (window as any).Woes(c, p), [command, payload] as const);
const counter = (page: Page) => page.evaluate(() => (window as any).Woes("onChangeUnreadMessagesCount", (n: number) => ((window as any).counts ??= []).push(n)));
const lastCount = (page: Page) => page.evaluate(() => (window as any).counts?.at(-1));
const visitorId = (page: Page) => page.evaluate(() => (window as any).__woes.s.session?.visitor.id as string | undefined);

/** statuses records, across pages, every answer's status. */
function statuses(tabs: Opened[]) {
  const all: number[] = [];
  for (const { page } of tabs) page.on("response", (r) => void all.push(r.status()));
  return all;
}

/** streamsOf lists the tabs that opened a stream so far (each tab's requests are recorded from its first). */
const streamsOf = (tabs: Opened[]) => tabs.flatMap((tab) => tab.calls.filter((c) => c.route == "messages/stream").map(() => tab));

test("twelve tabs of one visitor share one stream; a reply reaches every tab; closing the leader hands over", async () => {
  const first = await t.open();
  await first.w.booted();
  const tabs = [first];
  for (let i = 1; i < 12; i++) tabs.push(await t.open({ context: first.context }));
  const seen = statuses(tabs);
  for (const tab of tabs) await tab.w.booted();
  await Promise.all(tabs.map((tab) => counter(tab.page)));
  const id = await visitorId(first.page);
  for (const tab of tabs) expect(await visitorId(tab.page)).toBe(id);

  await run(first.page, "show");
  const { conversation } = await first.w.send("Twelve tabs open");
  await run(first.page, "hide");
  await t.op.reply(conversation.id, "One reply for every tab");
  for (const tab of tabs) await until(async () => (await lastCount(tab.page)) == 1, "unread 1 in every tab", 5000);
  expect(streamsOf(tabs)).toHaveLength(1);

  const leader = streamsOf(tabs)[0]!;
  await leader.page.close();
  const rest = tabs.filter((tab) => tab != leader);
  const next = await until(() => streamsOf(rest)[0], "another tab opening the stream", 5000);
  await t.op.reply(conversation.id, "A second reply after the handover");
  for (const tab of rest) await until(async () => (await lastCount(tab.page)) == 2, "unread 2 in every remaining tab", 5000);
  // note: still one stream at a time: the closed leader's, then its successor's.
  expect(streamsOf(rest)).toHaveLength(1);
  expect(streamsOf(rest)[0]).toBe(next);
  expect(seen.filter((s) => s == 429)).toEqual([]);
  for (const tab of rest) expect(tab.errors).toEqual([]);
}, 60_000);

test("two tabs a new browser opens at the same instant become one visitor, not two", async () => {
  const blank = await t.open({ body: "<p>no widget yet</p>" });
  const tabs = await Promise.all([t.open({ context: blank.context }), t.open({ context: blank.context })]);
  for (const tab of tabs) await tab.w.booted();
  const ids = await Promise.all(tabs.map((tab) => visitorId(tab.page)));
  expect(ids[1]).toBe(ids[0]!);
  // note: the tab that waited asked for its session with the token the first one stored.
  const asked = tabs.map((tab) => tab.calls.filter((c) => c.route == "session").map((c) => !!c.headers.authorization));
  expect(asked.flat().sort()).toEqual([false, true]);
  for (const tab of tabs) expect(tab.errors).toEqual([]);
}, 30_000);

/** tokenDies opens three tabs of one visitor, lets meanwhile act on them (given the tab that streams), erases the
 *  visitor, and answers the tabs and the visitor each ends on, once every tab has started its second session.
 *  note: the leader's stream ends at its next heartbeat (15 s) and its reconnect gets 401; each tab that takes the
 *  stream over after it gets the same 401, and must join the visitor the first restart stored, not start its own. */
async function tokenDies(meanwhile: (leader: Opened, tabs: Opened[]) => Promise<unknown> = async () => {}) {
  const first = await t.open();
  await first.w.booted();
  const tabs = [first, await t.open({ context: first.context }), await t.open({ context: first.context })];
  for (const tab of tabs) await tab.w.booted();
  const old = (await visitorId(first.page))!;
  await meanwhile(await until(() => streamsOf(tabs)[0], "a stream"), tabs);
  await t.op.erase(old);
  const ids = await until(
    async () => {
      const now = await Promise.all(tabs.map((tab) => visitorId(tab.page)));
      return now.every((id) => id && id != old) && tabs.every((tab) => tab.calls.filter((c) => c.route == "session").length == 2) ? now : undefined;
    },
    "every tab on a new visitor",
    30_000,
  );
  return { tabs, ids };
}

test("tabs of a visitor whose token died start again as one new visitor, not one each", async () => {
  const { tabs, ids } = await tokenDies();
  expect(new Set(ids).size).toBe(1);
  expect(await tabs[0]!.page.evaluate(() => localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith("woes:"))!))).toBe(
    await tabs[0]!.page.evaluate(() => (window as any).__woes.s.session.visitor.token),
  );
  for (const tab of tabs) expect(tab.errors).toEqual([]);
}, 60_000);

test("a tab whose storage has not caught up with another tab's restart still joins that tab's new visitor", async () => {
  // note: the other tabs' storage goes on showing the dead token, as when another tab's write reaches them late (it
  // did, under load): only the lock the restarted tab holds, named after its new token, can tell them.
  const staleStorage = (leader: Opened, tabs: Opened[]) =>
    Promise.all(
      tabs
        .filter((tab) => tab != leader)
        .map((tab) =>
          tab.page.evaluate(() => {
            const stale = new Map(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
            const read = Storage.prototype.getItem;
            Storage.prototype.getItem = function (this: Storage, k: string) {
              return stale.has(k) ? stale.get(k)! : read.call(this, k);
            };
          }),
        ),
    );
  const { tabs, ids } = await tokenDies(staleStorage);
  expect(new Set(ids).size).toBe(1);
  for (const tab of tabs) expect(tab.errors).toEqual([]);
}, 60_000);

test("the tab that takes over catches up by cursor on a reply sent while no tab streamed", async () => {
  const a = await t.open();
  await run(a.page, "show");
  const { conversation } = await a.w.send("Catch me up");
  const b = await t.open({ context: a.context });
  await run(b.page, "show");
  await hasText(b.w.messages, "Catch me up");
  expect(streamsOf([a, b]).map((tab) => tab.page)).toEqual([a.page]);
  // note: the reply lands after A (the leader) closed and before B's stream is ready.
  await b.page.route("**/api/widget/messages/stream", async (route) => (await t.op.reply(conversation.id, "Sent during the handover"), route.continue()));
  await a.page.close();
  await until(() => streamsOf([b]).length, "B taking over the stream");
  await hasText(b.w.messages, "Sent during the handover", 5000);
}, 30_000);

test("shutdown forgets the visitor in every tab; the next show starts a new visitor with nothing of the last one", async () => {
  const a = await t.open();
  await run(a.page, "show");
  const { conversation } = await a.w.send("Private to the first person");
  await t.op.reply(conversation.id, "Reply to the first person");
  await hasText(a.w.messages, "Reply to the first person");
  // note: B fetches the messenger at idle (its visitor has a conversation); it arrives only after the shutdown,
  // as it may on a slow network, and must not bring the widget back.
  let deliver!: () => void;
  const held = new Promise<void>((r) => (deliver = r));
  let asked!: () => void;
  const fetching = new Promise<void>((r) => (asked = r));
  await a.context.route("**/widget-messenger.js", async (route) => (asked(), await held, route.continue()));
  const b = await t.open({ context: a.context });
  await b.w.booted();
  const before = await visitorId(a.page);
  expect(await visitorId(b.page)).toBe(before);
  await counter(a.page);
  await fetching;

  await run(a.page, "shutdown");
  for (const tab of [a, b]) {
    await until(() => tab.page.evaluate(() => !document.querySelector("woes-widget")), "the widget gone from the page");
    expect(await visitorId(tab.page)).toBeUndefined();
  }
  deliver();
  await b.page.waitForFunction(() => (window as any).__woes?.mounted, null, { timeout: 10_000 });
  await b.page.waitForTimeout(500);
  expect(await b.page.evaluate(() => !document.querySelector("woes-widget"))).toBe(true);
  await a.context.unroute("**/widget-messenger.js");
  expect(await a.page.evaluate((key) => localStorage.getItem(`woes:${key}`), t.server.publicKey)).toBeNull();
  expect(await lastCount(a.page)).toBe(0);

  const session = a.page.waitForRequest((r) => r.url().endsWith("/api/widget/session"));
  await run(a.page, "show");
  expect((await session).headers().authorization).toBeUndefined();
  await visible(a.w.panel);
  await until(() => visitorId(a.page), "a new session");
  const after = await visitorId(a.page);
  expect(after).not.toBe(before);
  await visible(a.w.composer);
  expect(await a.page.locator("woes-widget").textContent()).not.toContain("first person");
  expect(await a.w.q(".row").count()).toBe(0);
  // note: a reload continues the new visitor, not the old one.
  await a.page.reload();
  await a.w.booted();
  expect(await visitorId(a.page)).toBe(after);
  expect(a.errors).toEqual([]);
  expect(b.errors).toEqual([]);
}, 30_000);

test("a shutdown called before the script loads (a sign-out page) boots no one and forgets the stored visitor", async () => {
  const a = await t.open();
  await a.w.booted();
  const sessions: string[] = [];
  a.page.on("request", (r) => r.url().endsWith("/api/widget/session") && sessions.push(r.url()));
  await a.page.goto(t.host.page(`<script>${"window.Woes=window.Woes||function(){(Woes.q=Woes.q||[]).push(arguments)};"}Woes("shutdown")</script><script async src="${t.server.url}/widget.js" data-public-key="${t.server.publicKey}" data-api="${t.server.url}/api/widget/messages"></script>`));
  await a.page.waitForFunction(() => (window as any).Woes?.loaded);
  await a.page.waitForTimeout(500);
  expect(sessions).toEqual([]);
  expect(await a.page.evaluate(() => !!document.querySelector("woes-widget"))).toBe(false);
  expect(await a.page.evaluate((key) => localStorage.getItem(`woes:${key}`), t.server.publicKey)).toBeNull();
}, 30_000);

test("widget.js draws the launcher itself; the messenger loads only on intent for a new visitor", async () => {
  const { page, w } = await t.open();
  const messenger: string[] = [];
  page.on("request", (r) => r.url().endsWith("/widget-messenger.js") && messenger.push(r.url()));
  await visible(w.launcher);
  expect(await w.launcher.getAttribute("aria-label")).toBe("Open chat");
  await page.waitForTimeout(800);
  expect(messenger).toEqual([]);
  expect(await page.evaluate(() => !!document.querySelector('script[src$="widget-messenger.js"]'))).toBe(false);
  await page.screenshot({ path: ARTIFACTS + "widget-launcher.png", clip: { x: 980, y: 660, width: 120, height: 120 } });
  await w.launcher.hover();
  await until(() => messenger.length, "the messenger requested on hover");
  await w.launcher.click();
  await visible(w.panel);
  await hidden(w.badge);
}, 30_000);

test("a returning visitor with a conversation gets the messenger at idle time", async () => {
  const { page, w } = await t.open();
  await run(page, "show");
  await w.send("I will be back");
  await page.reload();
  await w.booted();
  await page.waitForFunction(() => !!document.querySelector('script[src$="widget-messenger.js"]'), undefined, { timeout: 5000 });
}, 30_000);
