// A support team's day in real Chromium against the executable: search from the top of the inbox
// (highlighted, never run as markup, driven by the keyboard), saved replies and contacts; each at 1280
// and 390 px, saved to test/artifacts/.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ARTIFACTS, until } from "../widget/browser-kit";
import { consoleSuite, overflow, T } from "./console-kit";
import { seed, visitor } from "./seed";

const t = consoleSuite();
let ids: Record<string, string> = {};
let trap = "";
beforeAll(async () => {
  await t.start({ setup: true });
  ids = await seed(t.server);
  // note: a message whose text is markup: search must show it as text, never run it.
  const v = await visitor(t.server, { name: "Mallory" });
  trap = await v.send(`<img src=x onerror="window.__pwned=1"> my tent pole snapped again`);
}, 180_000);
afterAll(() => t.stop(), T);

test("search: a word finds messages across conversations, highlighted, and a click opens the conversation", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/inbox`);
  const box = page.getByRole("searchbox", { name: "Search conversations" });
  await box.fill("pole");
  const hits = page.locator(".search-hit");
  await until(async () => (await hits.count()) >= 3, "three hits for pole");
  expect(await page.locator(".search-hit mark").first().textContent()).toMatch(/^pole$/i);
  // note: the markup in Mallory's message is shown as text; no <img> was made and nothing ran.
  const text = await page.locator(".search-results").textContent();
  expect(text).toContain('<img src=x onerror="window.__pwned=1">');
  expect(await page.locator(".search-results img").count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  // note: the internal note is found, and labelled a note.
  expect(text).toContain("flagged to the supplier");
  expect(await page.locator(".search-hit .badge", { hasText: "Note" }).count()).toBe(1);
  await hits.filter({ hasText: "onerror" }).click();
  await page.waitForURL(`${server.url}/admin/inbox/${trap}`);
  await page.locator(".thread").getByText("my tent pole snapped again").waitFor();
  expect(await page.locator(".search-results").isHidden()).toBe(true);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("search with the keyboard: type, arrow down through hits, Enter opens one, Escape closes", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/inbox`);
  await page.getByRole("searchbox", { name: "Search conversations" }).focus();
  await page.keyboard.type("linus");
  await page.locator(".search-hit").first().waitFor();
  expect(await page.locator(".search-hit").first().textContent()).toContain("Visitor");
  await page.keyboard.press("ArrowDown");
  expect(await page.evaluate(() => document.activeElement?.classList.contains("search-hit"))).toBe(true);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/admin/inbox/${ids["Linus Torvalds"]}`);
  const box = page.getByRole("searchbox", { name: "Search conversations" });
  await box.fill("zzzqqq");
  await page.getByText("Nothing matches “zzzqqq”.").waitFor();
  await box.press("Escape");
  expect(await page.locator(".search-results").isHidden()).toBe(true);
  expect(await box.inputValue()).toBe("");
  expect(watched.unexpected()).toEqual([]);
}, T);

for (const width of [1280, 390]) {
  test(`search results at ${width} px fit the screen and are saved as a screenshot`, async () => {
    const shot = await t.owner.newPage();
    await shot.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    await shot.goto(`${t.server.url}/admin/inbox`);
    await shot.getByRole("searchbox", { name: "Search conversations" }).fill("pole");
    await until(async () => (await shot.locator(".search-hit").count()) >= 3, "the hits");
    expect(await overflow(shot)).toEqual([]);
    await shot.screenshot({ path: `${ARTIFACTS}console-search-${width}.png` });
    await shot.close();
  }, T);
}
