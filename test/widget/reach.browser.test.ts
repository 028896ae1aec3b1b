// Branding, languages and availability in real Chromium against dist/woes: what the visitor sees, with screenshots.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { startServer } from "../helpers/server";
import { contrast } from "../../widget/src/brand";
import { ARTIFACTS, hasText, suite, visible } from "./browser-kit";

const t = suite(startServer);
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop());
afterEach(() => t.closeContexts());

const show = (page: import("playwright-core").Page) => page.evaluate(() => (window as any).Woes("show"));
const hexOf = (rgb: string) => "#" + rgb.match(/\d+/g)!.slice(0, 3).map((x) => (+x).toString(16).padStart(2, "0")).join("");
const colours = (l: import("playwright-core").Locator) => l.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, fg: getComputedStyle(el).color }));

test("branding: pure yellow with black text on the launcher and header, the greeting, the launcher and panel on the left", async () => {
  await t.op.settings({ brandColor: "#ffff00", greeting: "Hello from the yellow team", launcher: { position: "left", offset: { x: 40, y: 30 } } });
  const { page, w, errors } = await t.open();
  await w.booted();
  await visible(w.launcher);
  const launcher = await colours(w.launcher);
  expect(hexOf(launcher.bg)).toBe("#ffff00");
  expect(hexOf(launcher.fg)).toBe("#000000");
  const box = (await w.launcher.boundingBox())!;
  expect(box.x).toBe(40);
  expect(780 - (box.y + box.height)).toBe(30);
  await show(page);
  await visible(w.panel);
  await hasText(w.q(".subtitle"), "Hello from the yellow team");
  const header = await colours(w.q("header"));
  expect(hexOf(header.bg)).toBe("#ffff00");
  expect(contrast(hexOf(header.bg), hexOf(header.fg))).toBeGreaterThanOrEqual(4.5);
  expect((await w.panel.boundingBox())!.x).toBe(40);
  await w.send("A yellow question");
  const mine = await colours(w.q(".me .bubble").first());
  expect(contrast(hexOf(mine.bg), hexOf(mine.fg))).toBeGreaterThanOrEqual(4.5);
  await page.screenshot({ path: ARTIFACTS + "widget-branding.png" });
  expect(errors).toEqual([]);
  await t.op.settings({ brandColor: null, greeting: null, launcher: null });
});
