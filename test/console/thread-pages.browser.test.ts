// A long conversation opens on its newest page; "Show earlier messages" brings the older ones above,
// the thread staying where the operator was reading, and live messages keep arriving below.
// Real Chromium against dist/woes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { hasText, until } from "../widget/browser-kit";
import { consoleSuite, T } from "./console-kit";
import { visitor } from "./seed";

const t = consoleSuite();
beforeAll(() => t.start({ setup: true }), 180_000);
afterAll(() => t.stop(), T);

test("a conversation longer than a page shows its newest messages, and the earlier ones on asking", async () => {
  const { server, page, watched } = t;
  const ada = await visitor(server, { name: "Ada Lovelace" });
  const id = await ada.send("Message 0");
  for (let i = 1; i < 230; i++) await ada.send(`Message ${i}`, id);
  const upTo = (n: number, from = 0) => Array.from({ length: n - from }, (_, i) => `Message ${from + i}`);
  // note: the console's streams, kept where the test can end them.
  await page.addInitScript(() => {
    const Native = EventSource;
    (window as any).__streams = [];
    (window as any).EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        (window as any).__streams.push(this);
      }
    };
  });
  await page.goto(`${server.url}/admin/inbox/${id}`);
  await hasText(page.locator(".thread .msg").last(), "Message 229");
  const bodies = () => page.locator(".thread .msg .msg-body").allTextContents();
  expect(await bodies()).toEqual(upTo(230, 130));
  // note: the thread opens at its newest message; the button waits at the top.
  const more = page.getByRole("button", { name: "Show earlier messages" });
  await more.waitFor();
  await page.locator(".thread").evaluate((el) => (el.scrollTop = 0));
  const oldestShown = page.getByText("Message 130", { exact: true });
  const before = (await oldestShown.boundingBox())!.y;
  // note: with the keyboard, focus stays on the button while there is more, then goes to the thread.
  await more.focus();
  await page.keyboard.press("Enter");
  await until(async () => (await bodies()).length === 200, "the page before");
  expect(await bodies()).toEqual(upTo(230, 30));
  // note: the messages read before stay in place; the earlier ones are above, to scroll up to.
  expect(Math.abs((await oldestShown.boundingBox())!.y - before)).toBeLessThan(4);
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Show earlier messages");
  await page.keyboard.press("Enter");
  await until(async () => (await bodies()).length === 230, "the first page");
  expect(await bodies()).toEqual(upTo(230));
  await more.waitFor({ state: "detached" });
  expect(await page.evaluate(() => document.activeElement?.className)).toBe("thread");

  // note: a live message still lands below, and the earlier messages stay.
  await ada.send("Message 230", id);
  await hasText(page.locator(".thread .msg").last(), "Message 230");
  expect(await bodies()).toEqual(upTo(231));

  // note: more than a page written while the console's stream was down (given up by the browser, as after a 502, and
  // its reopening held): the read after it no longer meets what is shown, so only the newest page stays, and
  // "Show earlier messages" leads back from it.
  let reopen!: () => void;
  const held = new Promise<void>((resolve) => (reopen = resolve));
  await page.route(/\/api\/admin\/conversations\/stream/, async (route) => (await held, route.continue()));
  await page.evaluate(() => {
    for (const source of (window as any).__streams as EventSource[]) source.close(), source.onerror?.(new Event("error"));
  });
  for (let i = 231; i < 351; i++) await ada.send(`Message ${i}`, id);
  reopen();
  await hasText(page.locator(".thread .msg").last(), "Message 350", 20_000);
  await page.unroute(/\/api\/admin\/conversations\/stream/);
  expect(await bodies()).toEqual(upTo(351, 251));
  await more.click();
  await until(async () => (await bodies()).length === 200, "the page before the newest");
  expect(await bodies()).toEqual(upTo(351, 151));
  expect(watched.unexpected()).toEqual([]);
}, 90_000);
