// Accessibility in real Chromium against dist/woes: axe-core finds no serious or critical violation on any
// console page at 1280 and 390 px, on the sign-in page, or in the open messenger (light and dark); the
// main flows work with the keyboard alone: sign in, open a conversation, reply.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { until, widget } from "../widget/browser-kit";
import { axeProblems } from "./a11y-kit";
import { adminGet, consoleSuite, OWNER, SIGNED_OUT, T, watch } from "./console-kit";
import { seed } from "./seed";

const t = consoleSuite();
let ids: Record<string, string> = {};
let contact = { id: "", name: "" };
beforeAll(async () => {
  await t.start({ setup: true });
  ids = await seed(t.server);
  const people = (await adminGet(t.server, `/api/admin/contacts?workspace=${t.server.workspaceId}&q=Grace`)).contacts;
  contact = { id: people[0].id, name: people[0].name };
}, 180_000);
afterAll(() => t.stop(), T);

const settle = (p: Page) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

const PAGES: [name: string, path: () => string, ready: (p: Page) => Promise<unknown>][] = [
  ["inbox", () => "/admin/inbox", (p) => until(async () => (await p.locator(".conv-item").count()) >= 3, "the inbox rows")],
  ["conversation", () => `/admin/inbox/${ids["Grace Hopper"]}`, (p) => p.locator(".thread .msg-note").waitFor()],
  ["contacts", () => "/admin/contacts", (p) => p.locator(".table tbody tr").first().waitFor()],
  ["contact", () => `/admin/contacts/${contact.id}`, (p) => p.getByRole("heading", { name: contact.name, level: 1 }).waitFor()],
  ["visitors", () => "/admin/visitors", (p) => p.getByRole("heading", { name: /Visitors/ }).first().waitFor()],
  ["stats", () => "/admin/stats", (p) => p.locator('[data-chart="nps"] svg').waitFor()],
  ["team", () => "/admin/team", (p) => p.getByText(OWNER.email).first().waitFor()],
  ["account", () => "/admin/account", (p) => p.getByTestId("session-count").waitFor()],
  ...(["install", "keys", "forms", "replies", "surveys", "appearance", "availability", "agents", "ai"] as const).map(
    (s): [string, () => string, (p: Page) => Promise<unknown>] => [`settings-${s}`, () => `/admin/settings/${s}`, (p) => p.locator(".section .card").first().waitFor()],
  ),
];

for (const width of [1280, 390]) {
  test(`axe at ${width} px: no serious or critical violation on any console page, nor with search open`, async () => {
    const { server } = t;
    const page = await t.owner.newPage();
    await page.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    const watched = watch(page, `console at ${width} px`);
    const problems: string[] = [];
    for (const [name, path, ready] of PAGES) {
      await page.goto(server.url + path());
      await ready(page);
      await settle(page);
      problems.push(...(await axeProblems(page, name)));
    }
    await page.goto(`${server.url}/admin/inbox`);
    await page.getByRole("searchbox", { name: "Search conversations" }).fill("pole");
    await until(async () => (await page.locator(".search-hit").count()) >= 1, "a search hit");
    problems.push(...(await axeProblems(page, "search")));
    expect(problems).toEqual([]);
    expect(watched.unexpected()).toEqual([]);
    await page.close();
  }, 90_000);
}

test("axe: the sign-in page, signed out, at 1280 and 390 px", async () => {
  const page = await (await t.context()).newPage();
  const watched = watch(page, "sign-in");
  const problems: string[] = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`${t.server.url}/admin/login`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    problems.push(...(await axeProblems(page, `sign-in at ${width} px`)));
  }
  expect(problems).toEqual([]);
  expect(watched.unexpected([SIGNED_OUT])).toEqual([]);
}, T);

test("axe: the open messenger, light and dark, has no serious or critical violation", async () => {
  const page = await (await t.context({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${t.server.url}/admin/try/${t.server.publicKey}`);
  const w = widget(page);
  await w.booted();
  await w.launcher.click();
  await w.composer.waitFor();
  await w.send("Is this page accessible?");
  const problems: string[] = [];
  for (const theme of ["light", "dark"]) {
    await page.evaluate((theme) => (window as any).Woes("setTheme", theme), theme);
    await until(async () => (await w.theme()) === theme, `the ${theme} theme`);
    await settle(page);
    problems.push(...(await axeProblems(page, `messenger ${theme}`)));
  }
  expect(problems).toEqual([]);
}, T);

test("keyboard only: sign in, open a conversation from the inbox, and reply", async () => {
  const { server } = t;
  const page = await (await t.context({ viewport: { width: 1280, height: 800 } })).newPage();
  const watched = watch(page, "keyboard");
  await page.goto(`${server.url}/admin/login`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  /** tabTo presses Tab until the focused element matches, and fails after 60 presses. */
  const tabTo = async (test: (el: Element) => boolean, what: string) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(`(${test.toString()})(document.activeElement)`)) return;
    }
    throw new Error(`Tab never reached ${what}`);
  };
  await tabTo((el) => el.getAttribute("name") === "email", "the email field");
  await page.keyboard.type(OWNER.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(OWNER.password);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/admin/inbox`);
  await until(async () => (await page.locator(".conv-item").count()) >= 3, "the inbox rows");

  await tabTo((el) => el.classList.contains("conv-item") || !!el.closest(".conv-item"), "a conversation in the list");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/admin\/inbox\/conv_/);
  await page.locator(".thread .msg").first().waitFor();

  await tabTo((el) => el.classList.contains("composer-input"), "the reply box");
  await page.keyboard.type("Answered with the keyboard alone.");
  await tabTo((el) => el.tagName === "BUTTON" && el.textContent?.trim() === "Send", "the Send button");
  await page.keyboard.press("Enter");
  await page.locator(".thread .msg-operator", { hasText: "Answered with the keyboard alone." }).waitFor();
  expect(watched.unexpected([SIGNED_OUT])).toEqual([]);
}, T);
