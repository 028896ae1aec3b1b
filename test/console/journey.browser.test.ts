// The operator's day in real Chromium against the executable: the owner sets up from the first-run link,
// copies the snippet from Settings → Install, answers a visitor of the test page live, keeps an internal
// note internal, asks NPS after a close, and moves through the inbox with the keyboard.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { SESSION_COOKIE } from "../../src/accounts/sessions";
import { hasText, until, visible, widget } from "../widget/browser-kit";
import { consoleSuite, markPage, OWNER, sameDocument, setUpOwner, SIGNED_OUT, T, watch } from "./console-kit";
import { readStream, visitor } from "./seed";

const t = consoleSuite();
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop(), T);

let guest: { context: BrowserContext; page: Page; w: ReturnType<typeof widget>; bodies: string[]; watched: ReturnType<typeof watch> };
let conversationId = "";

test("the owner creates the account from the first-run link and lands on Settings → Install", async () => {
  const { server, page, watched } = t;
  expect(server.stdout()).toContain(`Create your owner account in the console`);
  expect(server.setupUrl).toStartWith(`${server.url}/admin/setup/`);
  // note: a stale link says how to get a fresh one (later starts print none).
  const stale = await t.owner.newPage();
  await stale.goto(`${server.url}/admin/setup/${"x".repeat(32)}`);
  await stale.getByRole("heading", { name: "This setup link has expired" }).waitFor();
  expect(await stale.locator(".auth-card").textContent()).toContain("woes account setup-link");
  await stale.close();
  await setUpOwner(page, server.setupUrl!);
  expect(page.url()).toBe(`${server.url}/admin/settings/install`);
  expect(await page.locator(".sidebar-foot").textContent()).toContain(OWNER.email);
  const cookie = (await t.owner.cookies(server.url)).find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  // note: the link works once.
  const again = await t.owner.newPage();
  await again.goto(server.setupUrl!);
  await again.getByRole("heading", { name: "This console is already set up" }).waitFor();
  expect(await again.locator(".auth-card").textContent()).not.toContain("new one");
  await again.close();
  expect(watched.unexpected([SIGNED_OUT])).toEqual([]);
}, T);

test("Settings → Install: the copy button copies the snippet with the real key and this server's origin", async () => {
  const { server, page, watched } = t;
  const code = page.getByTestId("snippet");
  await until(async () => (await code.textContent())?.includes(server.publicKey), "the snippet");
  const shown = (await code.textContent())!;
  expect(shown).toContain(`src="${server.url}/widget.js"`);
  expect(shown).toContain(`data-public-key="${server.publicKey}"`);
  expect(shown).toContain(`data-api="${server.url}/api/widget/messages"`);
  await page.getByTestId("copy-snippet").click();
  await page.getByTestId("copy-snippet").getByText("Copied").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  expect(await page.getByTestId("test-page").getAttribute("href")).toBe(`/admin/try/${server.publicKey}`);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("a visitor of the test page writes, and the message appears in the inbox live, without a reload", async () => {
  const { server, page, watched } = t;
  const testPage = await page.getByTestId("test-page").getAttribute("href");
  await page.getByRole("link", { name: "Inbox" }).first().click();
  await page.waitForURL(`${server.url}/admin/inbox`);
  await page.getByText("No open conversations").waitFor();
  await page.locator(".live-dot.on").waitFor();
  await markPage(page);

  // note: the visitor is another browser profile: no console cookie, just the snippet's widget.
  const context = await t.context();
  const visitorPage = await context.newPage();
  const bodies: string[] = [];
  visitorPage.on("response", async (r) => {
    if (r.url().includes("/api/widget/") && !r.url().includes("/stream")) bodies.push(await r.text().catch(() => ""));
  });
  guest = { context, page: visitorPage, w: widget(visitorPage), bodies, watched: watch(visitorPage, "test page") };
  await visitorPage.goto(server.url + testPage);
  await guest.w.booted();
  await guest.w.launcher.click();
  const sent = await guest.w.send("Hi! My order #4411 has not shipped yet. Can you check?");
  conversationId = sent.conversation.id;

  const row = page.locator(`.conv-item[data-id="${conversationId}"]`);
  await row.waitFor({ timeout: 5000 });
  expect(await row.textContent()).toContain("My order #4411 has not shipped yet");
  expect(await sameDocument(page)).toBe(true);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("the operator replies from the conversation view and the visitor sees it live", async () => {
  const { server, page, watched } = t;
  await page.locator(`.conv-item[data-id="${conversationId}"]`).click();
  await page.waitForURL(`${server.url}/admin/inbox/${conversationId}`);
  await hasText(page.locator(".thread .msg"), "My order #4411");
  await page.fill(".composer-input", "Thanks for writing! It leaves the warehouse today; you will get the tracking link by email.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await hasText(page.locator(".thread .msg-operator"), "leaves the warehouse today");
  await hasText(guest.w.messages, "leaves the warehouse today");
  expect(await sameDocument(page)).toBe(true);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("an internal note stays in the console: not in the widget, not in any widget answer or stream", async () => {
  const { server, page, watched } = t;
  const NOTE = "Internal: customer is a VIP, refund shipping if it is late";
  const token = await guest.page.evaluate((key) => localStorage.getItem(`woes:${key}`), server.publicKey);
  const stream = readStream(server, token!);
  await page.getByRole("tab", { name: "Internal note" }).click();
  await page.fill(".composer-input", NOTE);
  await page.getByRole("button", { name: "Add note" }).click();
  const note = page.locator(".thread .msg-note");
  await hasText(note, NOTE);
  expect(await note.locator(".msg-head").textContent()).toContain("Internal note");
  // note: a reply after the note: once it reached the visitor, the note would have too.
  await page.getByRole("tab", { name: "Reply" }).click();
  await page.fill(".composer-input", "I have asked the warehouse to hurry.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await hasText(guest.w.messages, "asked the warehouse to hurry");
  await until(() => stream.text().includes("asked the warehouse to hurry"), "the reply on the visitor's stream");
  await stream.stop();
  const shadow = await guest.page.evaluate(() => document.querySelector("woes-widget")!.shadowRoot!.textContent);
  expect(shadow).toContain("asked the warehouse to hurry");
  expect(shadow).not.toContain("VIP");
  expect(stream.text()).not.toContain("VIP");
  const me = await visitor(server, {}, undefined, token!);
  const history = await me.call(`messages?conversation=${conversationId}`);
  expect(history.json.messages.map((m: any) => m.body)).toEqual([expect.stringContaining("#4411"), expect.stringContaining("warehouse today"), "I have asked the warehouse to hurry."]);
  expect(history.text).not.toContain("VIP");
  expect(guest.bodies.join("\n")).not.toContain("VIP");
  expect(watched.unexpected()).toEqual([]);
}, T);

test("after Surveys → NPS, closing the conversation asks the visitor the 0–10 question", async () => {
  const { server, page, watched } = t;
  await page.getByRole("link", { name: "Surveys" }).click();
  await page.getByRole("heading", { name: "Settings · Surveys" }).waitFor();
  await page.locator('input[name="survey"][value="nps"]').check();
  await page.getByText("Surveys: NPS").waitFor();
  // note: the visitor's widget stays open on the conversation from before the switch.
  await page.goto(`${server.url}/admin/inbox/${conversationId}`);
  await page.locator(".conv-head").getByRole("button", { name: "Close" }).click();
  await page.locator(".conv-head").getByRole("button", { name: "Reopen" }).waitFor();
  const survey = guest.w.q("form.survey");
  await visible(survey);
  expect(await survey.textContent()).toContain(`How likely are you to recommend ${OWNER.workspace}`);
  expect(await survey.locator(".scores button").allTextContents()).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
  await survey.getByRole("button", { name: "9 out of 10" }).click();
  await survey.locator("textarea").fill("Fast and friendly.");
  await survey.getByRole("button", { name: "Send feedback" }).click();
  await hasText(guest.w.q("form.survey p"), "Thanks for your feedback");
  await page.reload();
  await hasText(page.locator(".conv-side .score"), "9");
  expect(await page.locator(".conv-side blockquote").textContent()).toBe("Fast and friendly.");
  expect(guest.watched.unexpected()).toEqual([]);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("keyboard: J and K move through the list, R replies (Ctrl+Enter sends), N writes a note", async () => {
  const { server, page, watched } = t;
  // note: two more visitors write, so there is a list to move through.
  for (const [name, text] of [["Ada Lovelace", "Do you ship to Norway?"], ["Alan Turing", "Which cartridges does the stove take?"]]) await (await visitor(server, { name })).send(text!);
  await page.goto(`${server.url}/admin/inbox`);
  const rows = page.locator(".conv-item");
  await until(async () => (await rows.count()) >= 2, "the seeded open conversations");
  const ids = await rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id!));
  await page.keyboard.press("j");
  await page.waitForURL(`${server.url}/admin/inbox/${ids[0]}`);
  await page.keyboard.press("j");
  await page.waitForURL(`${server.url}/admin/inbox/${ids[1]}`);
  expect(await page.locator(".conv-item.selected").getAttribute("data-id")).toBe(ids[1]!);
  await page.keyboard.press("k");
  await page.waitForURL(`${server.url}/admin/inbox/${ids[0]}`);
  await page.locator(".thread .msg").first().waitFor();
  await page.keyboard.press("r");
  expect(await page.evaluate(() => document.activeElement?.classList.contains("composer-input"))).toBe(true);
  expect(await page.getByRole("tab", { name: "Reply" }).getAttribute("aria-selected")).toBe("true");
  await page.keyboard.type("Typed after pressing R.");
  await page.keyboard.press("Control+Enter");
  await hasText(page.locator(".thread .msg-operator"), "Typed after pressing R.");
  await page.keyboard.press("Escape");
  await page.keyboard.press("n");
  expect(await page.locator(".composer").getAttribute("class")).toContain("is-note");
  expect(await page.getByRole("tab", { name: "Internal note" }).getAttribute("aria-selected")).toBe("true");
  expect(watched.unexpected()).toEqual([]);
}, T);
