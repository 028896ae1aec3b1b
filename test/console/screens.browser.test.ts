// The console's pages in real Chromium against the executable, over a workspace with two days of data:
// at 1280 and 390 px none has script errors, failed requests or anything wider than the screen; each is
// saved to test/artifacts/ to be looked at; the Stats charts draw the figures the API gives.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { ARTIFACTS, until, widget } from "../widget/browser-kit";
import { adminGet, consoleSuite, OWNER, overflow, shoot, T, watch } from "./console-kit";
import { seed, visitor } from "./seed";

const t = consoleSuite();
let conversationId = "";
beforeAll(async () => {
  await t.start({ setup: true });
  conversationId = (await seed(t.server))["Grace Hopper"]!;
  // note: one visitor is on the test page right now, with the widget open.
  const visitor = await (await t.context()).newPage();
  await visitor.goto(`${t.server.url}/admin/try/${t.server.publicKey}`);
  await widget(visitor).booted();
}, 180_000);
afterAll(() => t.stop(), T);

// note: every page at a desktop and a phone width: no script errors, no failed request, nothing wider than the screen.
const PAGES: [name: string, path: () => string, ready: (p: Page) => Promise<unknown>][] = [
  ["inbox", () => "/admin/inbox", (p) => until(async () => (await p.locator(".conv-item").count()) >= 3, "the inbox rows")],
  ["conversation", () => `/admin/inbox/${conversationId}`, (p) => p.locator(".thread .msg-note").waitFor()],
  ["install", () => "/admin/settings/install", (p) => until(async () => (await p.getByTestId("snippet").textContent())?.includes(t.server.publicKey), "the snippet")],
  ["stats", () => "/admin/stats", (p) => p.locator('[data-chart="nps"] svg').waitFor()],
  ["visitors", () => "/admin/visitors", (p) => until(async () => (await p.locator(".table tbody tr").count()) >= 9, "the visitors online")],
  ["keys", () => "/admin/settings/keys", (p) => p.getByText(t.server.publicKey).first().waitFor()],
  ["forms", () => "/admin/settings/forms", (p) => p.getByRole("heading", { name: "Settings · Ticket forms" }).waitFor()],
  ["surveys", () => "/admin/settings/surveys", (p) => p.locator('input[value="nps"]:checked').waitFor()],
  ["appearance", () => "/admin/settings/appearance", (p) => p.locator('input[name="name"]').waitFor()],
  ["agents", () => "/admin/settings/agents", (p) => p.getByRole("heading", { name: "Settings · Agents" }).waitFor()],
  ["ai", () => "/admin/settings/ai", (p) => p.getByRole("button", { name: "Test provider" }).waitFor()],
  ["team", () => "/admin/team", (p) => p.getByText(OWNER.email).first().waitFor()],
];

for (const width of [1280, 390]) {
  test(`at ${width} px every console page renders cleanly, and each is saved as a screenshot`, async () => {
    const { server } = t;
    const shot = await t.owner.newPage();
    await shot.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    const shotWatch = watch(shot, `console at ${width} px`);
    const wide: string[] = [];
    for (const [name, path, ready] of PAGES) {
      await shot.goto(server.url + path());
      await ready(shot);
      // note: fonts and charts settle within a frame or two of the data arriving.
      await shot.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      wide.push(...(await overflow(shot)).map((o) => `${name}: ${o}`));
      const tabEnd = await shot.evaluate(() => document.querySelector(".subnav a.active")?.getBoundingClientRect().right ?? 0);
      if (tabEnd > width) wide.push(`${name}: its settings tab is off screen`);
      await shoot(shot, `${ARTIFACTS}console-${name}-${width}.png`);
    }
    if (width < 600) {
      // note: on a phone the visitor panel sits below the thread; the header's Details button brings it up.
      await shot.goto(`${server.url}/admin/inbox/${conversationId}`);
      await shot.getByRole("button", { name: "Details" }).click();
      const onScreen = async () => {
        const box = (await shot.locator(".conv-side").boundingBox())!;
        return box.y >= 47 && box.y + Math.min(box.height, 400) <= 845;
      };
      await until(onScreen, "the visitor panel on screen");
      await shot.screenshot({ path: `${ARTIFACTS}console-conversation-details-${width}.png` });
    }
    expect(wide).toEqual([]);
    expect(shotWatch.unexpected()).toEqual([]);
    await shot.close();
  }, T);
}

test("Stats shows the seeded figures as charts", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/stats`);
  await page.locator('[data-chart="nps"] svg').waitFor();
  const kpi = async (label: string) => (await page.locator(".kpi").filter({ has: page.locator(".kpi-label", { hasText: new RegExp(`^${label}$`) }) }).locator(".kpi-value").textContent())!.trim();
  const stats = await adminGet(server, `/api/admin/stats?workspace=${server.workspaceId}`);
  expect(stats.totals.launcherViews).toBeGreaterThan(0);
  expect(await kpi("Launcher views")).toBe(String(stats.totals.launcherViews));
  expect(await kpi("Opens")).toBe(String(stats.totals.opens));
  expect(await kpi("Conversations")).toBe(String(stats.totals.conversationsStarted));
  expect(await kpi("CSAT")).toBe(stats.csat.average.toFixed(1));
  expect(await kpi("NPS")).toBe(String(Math.round(stats.nps.score)));
  // note: a bar per non-zero value: the charts draw what the figures say.
  const bars = (chart: string) => page.locator(`[data-chart="${chart}"] rect`).evaluateAll((els) => els.filter((el) => Number(el.getAttribute("height")) > 0).length);
  const nonZero = (o: Record<string, number>) => Object.values(o).filter((n) => n > 0).length;
  expect(await bars("csat")).toBe(nonZero(stats.csat.distribution));
  expect(await bars("nps")).toBe(nonZero(stats.nps.distribution));
  expect(await bars("daily")).toBe(stats.daily.reduce((n: number, d: any) => n + [d.launcherViews, d.opens, d.conversationsStarted].filter((x) => x > 0).length, 0));
  expect(watched.unexpected()).toEqual([]);
}, T);

test("Visitors online lists everyone on the site, with how sure the console is of who they are", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/visitors`);
  const rows = page.locator(".table tbody tr");
  await until(async () => (await rows.count()) >= 9, "the visitors online");
  const row = async (who: string) => (await rows.filter({ hasText: who }).first().textContent())!;
  for (const [who, identity, chat] of [
    ["Grace Hopper", "Verified", true],
    ["hedy@lamarr.example", "Unverified", true],
    ["Linus Torvalds", "Unverified", true],
    ["Widget test page", "Anonymous", false],
  ] as const) {
    const text = await row(who);
    expect(text).toContain(identity);
    expect(text.includes("Open chat")).toBe(chat);
  }
  expect(await row("hedy@lamarr.example")).not.toMatch(/hedy@lamarr\.example.*hedy@lamarr\.example/);
  expect(watched.unexpected()).toEqual([]);
}, T);

// note: last in this file, since it adds 60 conversations to the inbox the screenshots above show.
test("the inbox lists 50 conversations, then Load more brings the rest; a live reload keeps them", async () => {
  const { server, page, watched } = t;
  const v = await visitor(server, { name: "Many Questions" });
  for (let i = 0; i < 60; i++) await v.send(`Question number ${i}`);
  await page.goto(`${server.url}/admin/inbox`);
  const rows = page.locator(".conv-item");
  await until(async () => (await rows.count()) === 50, "the first page of 50");
  const total = (await adminGet(server, "/api/admin/conversations?workspace=" + server.workspaceId + "&status=open&limit=100")).conversations.length;
  expect(total).toBeGreaterThan(60);
  await page.getByRole("button", { name: "Load more" }).click();
  await until(async () => (await rows.count()) === total, "every open conversation");
  expect(await page.getByRole("button", { name: "Load more" }).isVisible()).toBe(false);
  await v.send("One more, live");
  await until(async () => (await rows.first().textContent())?.includes("One more, live") ?? false, "the live reload");
  expect(await rows.count()).toBe(total + 1);
  expect(watched.unexpected()).toEqual([]);
}, T);
