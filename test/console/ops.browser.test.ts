// A support team's day in real Chromium against the executable: search from the top of the inbox
// (highlighted, never run as markup, driven by the keyboard), saved replies and contacts; each at 1280
// and 390 px, saved to test/artifacts/.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ARTIFACTS, until, widget } from "../widget/browser-kit";
import { adminGet, consoleSuite, fieldError, overflow, shoot, T } from "./console-kit";
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
  expect(await hits.filter({ hasText: "onerror" }).locator(".search-who").textContent()).toBe("Mallory");
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

test("saved replies: the owner adds two in Settings, errors show in the form, and one is edited", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/settings/replies`);
  await page.getByRole("heading", { name: "Settings · Saved replies" }).waitFor();
  await page.getByText("No saved replies yet").waitFor();
  const add = async (title: string, body: string) => {
    await page.locator('form:has-text("Add reply") input[name="title"]').fill(title);
    await page.locator('form:has-text("Add reply") textarea[name="body"]').fill(body);
    await page.getByRole("button", { name: "Add reply" }).click();
  };
  await add(" ", "No title");
  await fieldError(page, "title").getByText("Title is required.").waitFor();
  await add("Refund policy", "Refunds reach your card within 5 working days.");
  await page.locator(".saved-reply", { hasText: "Refund policy" }).waitFor();
  await add("Shipping to Norway", "We ship to Norway: pick “Other” at checkout.");
  await page.locator(".saved-reply", { hasText: "Shipping to Norway" }).waitFor();
  await page.locator(".saved-reply", { hasText: "Refund policy" }).getByRole("button", { name: "Edit" }).click();
  await page.locator('.saved-reply textarea[name="body"]').fill("Refunds reach your card within 3 working days.");
  await page.getByRole("button", { name: "Save reply" }).click();
  await page.getByText("within 3 working days").waitFor();
  expect(await page.locator(".saved-reply").count()).toBe(2);
  expect(watched.unexpected([[422, /saved-replies$/]])).toEqual([]);
}, T);

test("saved replies: / in the composer opens the picker; typing filters, arrows move, Enter inserts, Escape closes", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/inbox/${ids["Ada Lovelace"]}`);
  const text = page.getByRole("textbox", { name: "Message" });
  await text.click();
  await page.keyboard.type("Hi Ada! /");
  const picker = page.getByRole("listbox", { name: "Saved replies" });
  await picker.waitFor();
  expect(await picker.getByRole("option").count()).toBe(2);
  // note: a textarea may not carry aria-expanded (axe: aria-allowed-attr); the active option is named instead.
  expect(await text.getAttribute("aria-activedescendant")).toBe(await picker.getByRole("option").first().getAttribute("id"));
  await page.keyboard.type("ship");
  await until(async () => (await picker.getByRole("option").count()) === 1, "one match for ship");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await until(async () => (await picker.getByRole("option").count()) === 2, "both again");
  await page.keyboard.press("ArrowDown");
  expect(await picker.locator('[aria-selected="true"]').textContent()).toContain("Shipping to Norway");
  await page.keyboard.press("Enter");
  expect(await picker.isHidden()).toBe(true);
  expect(await text.inputValue()).toBe("Hi Ada! We ship to Norway: pick “Other” at checkout.");
  // note: Escape closes the picker and leaves the text and the focus where they were.
  await page.keyboard.type(" /ref");
  await picker.waitFor();
  await page.keyboard.press("Escape");
  expect(await picker.isHidden()).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Message");
  expect(await text.inputValue()).toEndWith(" /ref");
  // note: a slash inside a word (a URL, and/or) does not open it.
  await text.fill("see https://shop.acme.test/returns");
  await text.press("End");
  await page.keyboard.type("/x");
  expect(await picker.isHidden()).toBe(true);
  expect(watched.unexpected()).toEqual([]);
}, T);

for (const width of [1280, 390]) {
  test(`saved replies at ${width} px: the Settings page and the open picker fit and are saved as screenshots`, async () => {
    const shot = await t.owner.newPage();
    await shot.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    await shot.goto(`${t.server.url}/admin/settings/replies`);
    await shot.locator(".saved-reply").first().waitFor();
    expect(await overflow(shot)).toEqual([]);
    await shot.screenshot({ path: `${ARTIFACTS}console-saved-replies-${width}.png`, fullPage: true });
    await shot.goto(`${t.server.url}/admin/inbox/${ids["Ada Lovelace"]}`);
    await shot.getByRole("textbox", { name: "Message" }).click();
    await shot.keyboard.type("/");
    await shot.getByRole("listbox", { name: "Saved replies" }).waitFor();
    expect(await overflow(shot)).toEqual([]);
    await shot.screenshot({ path: `${ARTIFACTS}console-reply-picker-${width}.png` });
    await shot.close();
  }, T);
}

test("contacts: the list shows everyone, searches by name, and a person's page has identity, fields, pages and conversations", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/inbox`);
  await page.getByRole("link", { name: "Contacts" }).click();
  await page.waitForURL(`${server.url}/admin/contacts`);
  const rows = page.locator(".contacts-table tbody tr");
  await until(async () => (await rows.count()) >= 9, "the seeded people");
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("hopper");
  await until(async () => (await rows.count()) === 1, "one match for hopper");
  expect(await rows.first().textContent()).toContain("Grace Hopper");
  expect(await rows.first().textContent()).toContain("Verified");
  await rows.first().getByRole("link").click();
  await page.getByRole("heading", { name: "Grace Hopper" }).waitFor();
  const text = (await page.locator("#page").textContent())!;
  expect(text).toContain("https://shop.acme.test/orders/9921");
  expect(text).toContain("A replacement pole is on its way");
  expect(text).toContain("Conversations (1)");
  await page.getByRole("link", { name: /Photos attached|broken pole|replacement pole/ }).first().click();
  await page.waitForURL(`${server.url}/admin/inbox/${ids["Grace Hopper"]}`);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("contacts: an operator starts a conversation with a visitor online now, and it appears in their messenger", async () => {
  const { server, page, watched } = t;
  const guest = await (await t.context()).newPage();
  await guest.goto(`${server.url}/admin/try/${server.publicKey}`);
  const w = widget(guest);
  await w.booted();
  await w.launcher.click();
  const visitorId = await guest.evaluate(() => (window as any).__woes.s.session.visitor.id as string);
  await page.goto(`${server.url}/admin/contacts/${visitorId}`);
  await page.getByText("online now").waitFor();
  await page.getByRole("textbox", { name: "First message" }).fill("Hello! Looking for a tent?");
  await page.getByRole("button", { name: "Start a conversation" }).click();
  await page.waitForURL(/\/admin\/inbox\/conv_/);
  await page.locator(".thread").getByText("Hello! Looking for a tent?").waitFor();
  await until(async () => (await w.panel.textContent())?.includes("Hello! Looking for a tent?"), "the message in the visitor's messenger");
  expect(watched.unexpected()).toEqual([]);
  await guest.close();
}, T);

test("contacts with the keyboard: Tab reaches the search, then the first person; Enter opens their page", async () => {
  const { server, page, watched } = t;
  await page.goto(`${server.url}/admin/contacts`);
  await until(async () => (await page.locator(".contacts-table tbody tr").count()) >= 9, "the people");
  await page.locator("h1", { hasText: "Contacts" }).click();
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Search contacts");
  await page.keyboard.type("lovelace");
  await until(async () => (await page.locator(".contacts-table tbody tr").count()) === 1, "one match");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Ada Lovelace");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
  expect(watched.unexpected()).toEqual([]);
}, T);

for (const width of [1280, 390]) {
  test(`contacts at ${width} px: the list and a person's page fit and are saved as screenshots`, async () => {
    const shot = await t.owner.newPage();
    await shot.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    await shot.goto(`${t.server.url}/admin/contacts`);
    await until(async () => (await shot.locator(".contacts-table tbody tr").count()) >= 9, "the people");
    expect(await overflow(shot)).toEqual([]);
    await shoot(shot, `${ARTIFACTS}console-contacts-${width}.png`);
    await shot.goto(`${t.server.url}/admin/contacts/${(await adminGet(t.server, `/api/admin/contacts/${(await adminGet(t.server, `/api/admin/contacts?workspace=${t.server.workspaceId}&q=hopper`)).contacts[0].id}`)).contact.id}`);
    await shot.getByRole("heading", { name: "Grace Hopper" }).waitFor();
    expect(await overflow(shot)).toEqual([]);
    await shoot(shot, `${ARTIFACTS}console-contact-${width}.png`);
    await shot.close();
  }, T);
}
