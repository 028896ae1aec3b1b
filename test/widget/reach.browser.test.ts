// Branding, languages and availability in real Chromium against dist/woes: what the visitor sees, with screenshots.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { startServer } from "../helpers/server";
import { contrast } from "../../widget/src/brand";
import { ARTIFACTS, hasText, suite, until, visible } from "./browser-kit";

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

test("a German workspace speaks German to an American browser: strings, its greeting, and times formatted by Intl in German", async () => {
  await t.op.settings({ locale: "de", greetings: { de: "Hallo! Wie können wir helfen?" }, greeting: "Hello! How can we help?" });
  const { page, w, calls, errors } = await t.open({ contextOptions: { locale: "en-US", timezoneId: "Europe/Berlin" } });
  await w.booted();
  await show(page);
  await visible(w.composer);
  expect(await w.composer.getAttribute("placeholder")).toBe("Nachricht schreiben…");
  await hasText(w.q(".subtitle"), "Hallo! Wie können wir helfen?");
  expect(await w.q(".icon-btn").last().getAttribute("aria-label")).toBe("Chat schließen");
  const { message } = (await w.send("Wo ist meine Bestellung?")) as any;
  await hasText(w.q(".meta"), "Gesendet");
  // note: the browser would say "2:05 PM"; the widget formats in the session's language: "14:05".
  const [german, american] = await page.evaluate((iso) => ["de", "en-US"].map((l) => new Date(iso).toLocaleTimeString(l, { hour: "numeric", minute: "2-digit" })), message.createdAt);
  expect(german).not.toBe(american);
  expect(await w.q(".meta").first().textContent()).toBe(`${german} · Gesendet`);
  expect(await page.locator("woes-widget .w").getAttribute("dir")).toBe("ltr");
  expect(await page.locator("woes-widget .w").getAttribute("lang")).toBe("de");
  expect(calls.find((c) => c.route == "session")!.body.locale).toBe("en-US");
  await page.screenshot({ path: ARTIFACTS + "widget-german.png" });
  expect(errors).toEqual([]);
  await t.op.settings({ locale: null, greetings: null, greeting: null });
});

test("an Arabic browser gets the messenger in Arabic, right to left (dir=rtl on the widget root)", async () => {
  const { page, w, errors } = await t.open({ contextOptions: { locale: "ar-EG" } });
  await w.booted();
  await show(page);
  await visible(w.composer);
  const root = page.locator("woes-widget .w");
  expect(await root.getAttribute("dir")).toBe("rtl");
  expect(await root.getAttribute("lang")).toBe("ar-EG");
  expect(await w.composer.getAttribute("placeholder")).toBe("اكتب رسالة…");
  await hasText(w.q(".subtitle"), "اسألنا عن أي شيء، نرد هنا");
  // note: right to left, the header's text starts at its right edge: the title sits right of the back button's place.
  expect(await w.q(".title").evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
  await w.send("أين طلبي؟");
  await hasText(w.q(".meta"), "أُرسلت");
  await page.screenshot({ path: ARTIFACTS + "widget-arabic.png" });
  expect(errors).toEqual([]);
});

test("a language table that cannot be fetched leaves the messenger in English", async () => {
  const { page, w, context } = await t.open({ contextOptions: { locale: "fr-FR" } });
  await context.route("**/widget-locales/**", (route) => route.abort());
  await w.booted();
  await show(page);
  await visible(w.composer);
  expect(await w.composer.getAttribute("placeholder")).toBe("Write a message…");
});

test("availability: out of hours the header says when the team is back (visitor's time zone) and how soon it replies; with an operator in, Online", async () => {
  // note: opening hours three hours from now (UTC) every day, so the team is out whatever the time the test runs.
  const from = (new Date().getUTCHours() + 3) % 24;
  const hh = (h: number) => String(h).padStart(2, "0") + ":00";
  const day = [[hh(from), from == 23 ? "24:00" : hh(from + 1)]];
  await t.op.settings({ replyTime: "hours", hours: { timeZone: "UTC", weekly: { sun: day, mon: day, tue: day, wed: day, thu: day, fri: day, sat: day } } });
  const { page, w, calls, errors } = await t.open({ contextOptions: { locale: "en-US", timezoneId: "America/New_York" } });
  await w.booted();
  await show(page);
  const line = w.q(".avail");
  await visible(line);
  const session = await page.evaluate(() => (window as any).__woes.s.session.settings.availability);
  expect(session.online).toBe(false);
  expect(session.replyTime).toBe("hours");
  expect(new Date(session.nextOpenAt).getUTCHours()).toBe(from);
  const time = await page.evaluate((iso) => new Date(iso).toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" }), session.nextOpenAt);
  const text = (await line.textContent())!;
  expect(text).toMatch(/^Back (at|\w+day at) /);
  expect(text).toContain(time);
  expect(text).toEndWith(" · Usually replies in a few hours");
  await page.screenshot({ path: ARTIFACTS + "widget-availability.png" });

  const inbox = new AbortController();
  const stream = await fetch(`${t.server.url}/api/admin/conversations/stream`, { headers: { authorization: `Bearer ${t.server.adminToken}` }, signal: inbox.signal });
  expect(stream.status).toBe(200);
  // note: read as the console reads it; a stream nobody reads may be dropped (and the operator with it) before the reload.
  void stream.body!.pipeTo(new WritableStream()).catch(() => {});
  // note: behind a balancer (test:cluster), the stream's instance tells the others its inbox watchers a moment later,
  // and the reload's session may land on either: two presence answers in a row (one from each) must count the operator.
  const online = () => page.evaluate(async () => (await (window as any).__woes.call("presence", { state: "active" })).operatorsOnline as number);
  await until(async () => (await online()) > 0 && (await online()) > 0, "every instance counting the operator", 5000);
  await page.reload();
  await w.booted();
  await show(page);
  await hasText(line, "Online · Usually replies in a few hours");
  expect(await line.getAttribute("class")).toContain("on");
  inbox.abort();
  expect(calls.filter((c) => c.route == "session").length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await t.op.settings({ replyTime: "auto", hours: null });
});
