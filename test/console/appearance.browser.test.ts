// Settings → Appearance in real Chromium against dist/woes: the preview follows the form before saving, the
// contrast it reports passes AA, and once saved the visitor's widget wears the brand.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ARTIFACTS, snippet, visible, widget } from "../widget/browser-kit";
import { ICONS } from "../../widget/src/icons";
import { adminGet, consoleSuite, fieldError, shoot, T } from "./console-kit";

const t = consoleSuite();
beforeAll(() => t.start({ setup: true }), 180_000);
afterAll(() => t.stop(), T);

const bg = (l: import("playwright-core").Locator) => l.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);

test("the preview follows the form live; saved, the widget has the colour, greeting and side", async () => {
  const page = t.page;
  await page.goto(`${t.server.url}/admin/settings/appearance`);
  await page.locator('input[name="brandColor"]').fill("#ffff00");
  await page.locator('input[name="greeting"]').fill("We are here 9 to 5");
  await page.locator('select[name="position"]').selectOption("left");
  expect(await page.locator(".pv-light .pv-launcher path").getAttribute("d")).toBe(ICONS.chat);
  await page.locator('select[name="icon"]').selectOption({ label: "Question mark" });
  // note: nothing is saved yet, and the preview already shows it.
  expect(await page.locator(".pv-dark .pv-launcher path").getAttribute("d")).toBe(ICONS.question);
  const header = page.locator(".pv-light .pv-header");
  expect(await bg(header)).toEqual(["rgb(255, 255, 0)", "rgb(0, 0, 0)"]);
  expect(await header.textContent()).toContain("We are here 9 to 5");
  expect(await page.locator(".pv-left").count()).toBe(2);
  const checks = (await page.getByTestId("contrast").textContent())!;
  expect(checks).not.toContain("NaN");
  expect(checks.match(/\d+\.\d:1/g)).toHaveLength(5); // note: "needs 4.5:1", then two per theme.
  for (const n of checks.match(/\d+\.\d:1/g)!) expect(parseFloat(n)).toBeGreaterThanOrEqual(4.5);
  await page.locator('input[name="brandColor"]').fill("#1e3a8a");
  expect(await bg(header)).toEqual(["rgb(30, 58, 138)", "rgb(255, 255, 255)"]);
  expect((await adminGet(t.server, `/api/admin/workspaces/${t.server.workspaceId}`)).workspace.settings.brandColor).toBeUndefined();
  await shoot(page, `${ARTIFACTS}console-appearance-preview.png`);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Appearance saved").waitFor();
  const settings = (await adminGet(t.server, `/api/admin/workspaces/${t.server.workspaceId}`)).workspace.settings;
  expect(settings).toMatchObject({ brandColor: "#1e3a8a", greeting: "We are here 9 to 5", launcher: { position: "left", offset: { x: 20, y: 20 }, icon: "question" } });

  const visitor = await (await t.context()).newPage();
  await visitor.goto(t.host.page(snippet(t.server)));
  const w = widget(visitor);
  await w.booted();
  await visible(w.launcher);
  expect(await bg(w.launcher)).toEqual(["rgb(30, 58, 138)", "rgb(255, 255, 255)"]);
  expect((await w.launcher.boundingBox())!.x).toBe(20);
  // note: the loader draws the chosen icon once the session answers (a chat bubble before), a cross while open.
  expect(await w.launcher.locator("path").getAttribute("d")).toBe(ICONS.question);
  await w.launcher.click();
  await visible(w.composer);
  expect(await w.launcher.locator("path").getAttribute("d")).not.toBe(ICONS.question);
}, T);

test("Appearance sets the widget's language and a greeting per language; a German visitor then reads German", async () => {
  const page = t.page;
  await page.goto(`${t.server.url}/admin/settings/appearance`);
  await page.locator('textarea[name="greetings"]').fill("de: Hallo! Wie können wir helfen?\nfr: Bonjour !");
  await page.locator('select[name="locale"]').selectOption("");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Appearance saved").waitFor();
  const settings = (await adminGet(t.server, `/api/admin/workspaces/${t.server.workspaceId}`)).workspace.settings;
  expect(settings.greetings).toEqual({ de: "Hallo! Wie können wir helfen?", fr: "Bonjour !" });
  expect(settings).not.toHaveProperty("locale");
  const visitor = await (await t.context({ locale: "de-DE" })).newPage();
  await visitor.goto(t.host.page(snippet(t.server)));
  const w = widget(visitor);
  await w.booted();
  await visitor.evaluate(() => (window as any).Woes("show"));
  await visible(w.composer);
  await w.q(".subtitle").filter({ hasText: "Hallo! Wie können wir helfen?" }).waitFor();
  expect(await w.composer.getAttribute("placeholder")).toBe("Nachricht schreiben…");
}, T);

test("Settings → Availability saves office hours and the reply time; a bad time zone is refused by name", async () => {
  const page = t.page;
  await page.goto(`${t.server.url}/admin/settings/availability`);
  await page.locator("label.switch").filter({ hasText: "Office hours" }).click();
  expect(await page.locator('input[name="hoursOn"]').isChecked()).toBe(true);
  await page.locator('input[name="timeZone"]').fill("Europe/Berlin");
  await page.locator('input[name="satOpen"]').check();
  await page.locator('input[name="satFrom"]').fill("10:00");
  await page.locator('input[name="satTo"]').fill("14:00");
  await page.locator('textarea[name="holidays"]').fill("2026-12-25\n2026-12-26");
  await page.locator('select[name="replyTime"]').selectOption("hour");
  await shoot(page, `${ARTIFACTS}console-availability.png`);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Availability saved").waitFor();
  const settings = (await adminGet(t.server, `/api/admin/workspaces/${t.server.workspaceId}`)).workspace.settings;
  expect(settings.replyTime).toBe("hour");
  expect(settings.hours).toEqual({
    timeZone: "Europe/Berlin",
    weekly: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]], sat: [["10:00", "14:00"]] },
    holidays: ["2026-12-25", "2026-12-26"],
  });
  await page.locator('input[name="timeZone"]').fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save" }).click();
  await fieldError(page, "timeZone").getByText("Time zone must be an IANA time zone such as Europe/Berlin.").waitFor();
  expect((await adminGet(t.server, `/api/admin/workspaces/${t.server.workspaceId}`)).workspace.settings.hours.timeZone).toBe("Europe/Berlin");
}, T);
