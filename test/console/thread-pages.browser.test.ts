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
  for (let i = 1; i < 130; i++) await ada.send(`Message ${i}`, id);
  await page.goto(`${server.url}/admin/inbox/${id}`);
  await hasText(page.locator(".thread .msg").last(), "Message 129");
  const bodies = () => page.locator(".thread .msg .msg-body").allTextContents();
  const newest = await bodies();
  expect(newest).toEqual(Array.from({ length: 100 }, (_, i) => `Message ${i + 30}`));
  // note: the thread opens at its newest message; the button waits at the top.
  const more = page.getByRole("button", { name: "Show earlier messages" });
  await more.waitFor();
  await page.locator(".thread").evaluate((el) => (el.scrollTop = 0));
  const oldestShown = page.getByText("Message 30", { exact: true });
  const before = (await oldestShown.boundingBox())!.y;
  await more.click();
  await until(async () => (await bodies()).length === 130, "the earlier messages");
  expect(await bodies()).toEqual(Array.from({ length: 130 }, (_, i) => `Message ${i}`));
  await more.waitFor({ state: "detached" });
  // note: the messages read before stay in place; the earlier ones are above, to scroll up to.
  expect(Math.abs((await oldestShown.boundingBox())!.y - before)).toBeLessThan(4);

  // note: a live message still lands below, and the earlier messages stay.
  await ada.send("Message 130", id);
  await hasText(page.locator(".thread .msg").last(), "Message 130");
  expect(await bodies()).toEqual(Array.from({ length: 131 }, (_, i) => `Message ${i}`));
  expect(watched.unexpected()).toEqual([]);
}, 60_000);
