// A conversation's header never goes back in time: a read of the conversation that was in flight when the
// operator assigned it (here one started by the visitor's message, its answer held back by the browser)
// must not redraw the header as "Unassigned" after the assignment. Real Chromium against dist/woes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { hasText } from "../widget/browser-kit";
import { consoleSuite, holdNextRead, T } from "./console-kit";
import { visitor } from "./seed";

const t = consoleSuite();
beforeAll(() => t.start({ setup: true }), 180_000);
afterAll(() => t.stop(), T);

test("an answer older than the assignment is not drawn over it", async () => {
  const { server, page, watched } = t;
  const ada = await visitor(server, { name: "Ada Lovelace" });
  const id = await ada.send("Do you ship to Norway?");
  await page.goto(`${server.url}/admin/inbox/${id}`);
  await hasText(page.locator(".thread .msg"), "Norway");
  await page.locator(".assign-select option", { hasText: "(you)" }).waitFor({ state: "attached" });
  const me = await page.locator(".assign-select option", { hasText: "(you)" }).getAttribute("value");
  // note: every value the header's assignee picker is drawn with, in order, from here on.
  await page.evaluate(() => {
    const seen: string[] = ((window as any).__assignees = []);
    new MutationObserver(() => seen.push(document.querySelector<HTMLSelectElement>(".assign-select")?.value ?? "?")).observe(document.querySelector(".conv-tools")!, { childList: true });
  });
  // note: the next read of this conversation is answered by the server at once but handed to the page only when released.
  const { answered, release } = await holdNextRead(page, `**/api/admin/conversations/${id}`);
  await ada.send("Also: how long does it take?", id);
  await answered;
  await page.locator(".assign-select").selectOption(me!);
  await page.getByText("Assigned to Olivia Okafor").waitFor();
  const newer = page.waitForResponse((r) => r.url().endsWith(`/api/admin/conversations/${id}`) && r.request().method() === "GET");
  release();
  await newer;
  await hasText(page.locator(".thread .msg"), "how long");
  await page.waitForTimeout(300);
  const drawn: string[] = await page.evaluate(() => (window as any).__assignees);
  expect(drawn).not.toContain("");
  expect(await page.locator(".assign-select").inputValue()).toBe(me!);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("a conversation left before its answer came is neither drawn nor marked as read", async () => {
  const { server, page, watched } = t;
  const ben = await visitor(server, { name: "Ben Okri" });
  const first = await ben.send("Where is my parcel?");
  const cleo = await visitor(server, { name: "Cleo Nash" });
  const second = await cleo.send("Can I change my address?");
  await page.goto(`${server.url}/admin/inbox`);
  await page.locator(`.conv-item[data-id="${second}"]`).waitFor();
  // note: the first conversation's read is answered only once the operator has moved on to the second.
  let asked!: () => void;
  const held = new Promise<void>((r) => (asked = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(`**/api/admin/conversations/${first}`, async (route) => {
    if (route.request().method() !== "GET") return route.fallback();
    const response = await route.fetch();
    asked();
    await released;
    await route.fulfill({ response });
  });
  const seen: string[] = [];
  page.on("request", (r) => void (r.method() === "POST" && r.url().endsWith("/seen") && seen.push(r.url())));
  await page.locator(`.conv-item[data-id="${first}"]`).click();
  await held;
  await page.locator(`.conv-item[data-id="${second}"]`).click();
  await hasText(page.locator(".thread .msg"), "change my address");
  const late = page.waitForResponse((r) => r.url().endsWith(`/api/admin/conversations/${first}`));
  release();
  await late;
  await page.waitForTimeout(500);
  expect(await page.locator(".thread .msg").allTextContents()).not.toContainEqual(expect.stringContaining("parcel"));
  expect(seen.filter((u) => u.includes(first))).toEqual([]);
  expect(await page.locator(`.conv-item[data-id="${first}"]`).getAttribute("class")).toContain("unread");
  expect(watched.unexpected()).toEqual([]);
}, T);
