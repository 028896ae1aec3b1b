// A survey answer reaches an open console conversation live, over the console's inbox stream, in real
// Chromium against dist/woes: a CSAT score as the visitor taps it, then its comment, then an NPS score.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ARTIFACTS, hasText, operator } from "../widget/browser-kit";
import { consoleSuite, markPage, sameDocument, T } from "./console-kit";
import { visitor } from "./seed";

const t = consoleSuite();
beforeAll(() => t.start({ setup: true }), 180_000);
afterAll(() => t.stop(), T);

test("a CSAT score, its comment and an NPS score appear in the open conversation without a reload", async () => {
  const { server, page, watched } = t;
  const op = operator(server);
  await op.settings({ survey: "csat" });
  const ada = await visitor(server, { name: "Ada Lovelace" });
  const id = await ada.send("Do you ship to Norway?");
  await op.close(id);
  await page.goto(`${server.url}/admin/inbox/${id}`);
  await hasText(page.locator(".thread .msg"), "Norway");
  await page.locator(".live-dot.on").waitFor({ state: "attached" });
  await markPage(page);
  const panel = page.locator(".card", { has: page.getByRole("heading", { name: "Survey" }) });
  expect(await panel.count()).toBe(0);

  await ada.survey(id, "csat", 4);
  await hasText(panel.locator(".score"), "4 / 5");
  await hasText(panel.locator(".badge"), "CSAT");
  await ada.survey(id, "csat", 4, "Quick and kind.");
  await hasText(panel.locator("blockquote"), "Quick and kind.");
  await page.screenshot({ path: `${ARTIFACTS}console-survey-live-1280.png` });

  await op.settings({ survey: "nps" });
  await ada.survey(id, "nps", 9);
  await hasText(panel.locator(".score"), "9 / 10");
  await hasText(panel.locator(".badge"), "NPS");
  expect(await sameDocument(page)).toBe(true);
  await op.settings({ survey: null });
  expect(watched.unexpected()).toEqual([]);
}, T);
