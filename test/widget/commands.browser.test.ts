// Every command of the widget-api.txt table, in real Chromium against the real executable, with the
// host page on another origin: each one's effect on the shadow DOM, callbacks and requests.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { startServer } from "../helpers/server";
import { eventTypes, hasText, hidden, suite, until, visible } from "./browser-kit";

const t = suite(startServer);
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop());
afterEach(() => t.closeContexts());

const FORMS = [
  {
    key: "bug_report",
    title: "Report a bug",
    fields: [
      { key: "subject", label: "Subject", type: "text", required: true },
      { key: "details", label: "Details", type: "textarea", required: true },
      { key: "severity", label: "Severity", type: "select", required: false, options: ["low", "high"] },
    ],
  },
  { key: "feature_request", title: "Request a feature", fields: [{ key: "idea", label: "Idea", type: "textarea", required: true }] },
  { key: "contact", title: "Contact sales", fields: [{ key: "email", label: "Work email", type: "email", required: true }] },
];

test("calls made before the script loads take effect", async () => {
  const before = `window.log=[];Woes("onShow",function(){log.push("show")});Woes("setTheme","dark");
    Woes("onChangeUnreadMessagesCount",function(n){log.push("unread:"+n)});Woes("setNewConversationFields",{plan:"enterprise"});
    Woes("showNewMessage","Queued before load");`;
  const { page, w, calls } = await t.open({ before });
  await visible(w.panel);
  expect(await w.theme()).toBe("dark");
  expect(await w.composer.inputValue()).toBe("Queued before load");
  await until(() => page.evaluate(() => (window as any).log.includes("unread:0")), "the unread callback");
  expect(await page.evaluate(() => (window as any).log[0])).toBe("show");
  await w.composer.press("Enter");
  const send = await until(() => calls.find((c) => c.route == "messages" && c.method == "POST"), "the send");
  expect(send.body.fields).toEqual({ plan: "enterprise" });
  expect(await page.evaluate(() => typeof (window as any).Woes.q)).toBe("undefined");
});

test("show and hide open and close the messenger; onShow/onHide run each time; null removes them", async () => {
  const { page, w, calls } = await t.open({ before: `window.log=[];Woes("onShow",function(){log.push("show")});Woes("onHide",function(){log.push("hide")})` });
  await w.booted();
  await hidden(w.panel);
  await page.evaluate(() => (window as any).Woes("show"));
  await visible(w.panel);
  expect(await w.launcher.getAttribute("aria-expanded")).toBe("true");
  await page.evaluate(() => (window as any).Woes("hide"));
  await hidden(w.panel);
  await page.evaluate(() => {
    const Woes = (window as any).Woes;
    Woes("onShow", null);
    Woes("onHide", null);
    Woes("show");
    Woes("hide");
  });
  expect(await page.evaluate(() => (window as any).log)).toEqual(["show", "hide"]);
  const types = await until(() => eventTypes(calls).filter((x) => x.startsWith("widget_")).length >= 4 && eventTypes(calls), "open/close events");
  expect(types).toContain("widget_open");
  expect(types).toContain("widget_close");
});

test("hideChatBubble and showChatBubble hide and show the launcher", async () => {
  const { page, w, calls } = await t.open();
  await visible(w.launcher);
  await page.evaluate(() => (window as any).Woes("hideChatBubble"));
  await hidden(w.launcher);
  await page.evaluate(() => (window as any).Woes("showChatBubble"));
  await visible(w.launcher);
  await until(() => eventTypes(calls).includes("launcher_view"), "launcher_view");
});

test("a page that hides the bubble before load never loads the messenger until show", async () => {
  const { page, w } = await t.open({ before: `Woes("hideChatBubble")` });
  await w.booted();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => !!document.querySelector('script[src$="widget-messenger.js"]'))).toBe(false);
  await page.evaluate(() => (window as any).Woes("show"));
  await visible(w.panel);
  await hidden(w.launcher);
});

test("setTheme switches light and dark; prefers-color-scheme decides until it is called; bad values warn once", async () => {
  const { page, w, warnings } = await t.open({ contextOptions: { colorScheme: "light" } });
  await visible(w.launcher);
  expect(await w.theme()).toBe("light");
  // note: until setTheme, the widget follows the visitor's system setting as it changes.
  await page.emulateMedia({ colorScheme: "dark" });
  await until(async () => (await w.theme()) == "dark", "the widget following prefers-color-scheme");
  await page.evaluate(() => (window as any).Woes("setTheme", "light"));
  expect(await w.theme()).toBe("light");
  await page.emulateMedia({ colorScheme: "light" });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => new Promise(requestAnimationFrame));
  expect(await w.theme()).toBe("light");
  await page.evaluate(() => ["blue", "blue"].forEach((x) => (window as any).Woes("setTheme", x)));
  expect(await w.theme()).toBe("light");
  expect(warnings.filter((m) => m.includes("setTheme: payload ignored"))).toHaveLength(1);
});

test("onChangeUnreadMessagesCount gets the current count at once and every change", async () => {
  const { page, w } = await t.open();
  await w.booted();
  await page.evaluate(() => (window as any).Woes("onChangeUnreadMessagesCount", (n: number) => ((window as any).counts ??= []).push(n)));
  expect(await page.evaluate(() => (window as any).counts)).toEqual([0]);
  await page.evaluate(() => (window as any).Woes("show"));
  const { conversation } = await w.send("Hello, anyone there?");
  await page.evaluate(() => (window as any).Woes("hide"));
  await t.op.reply(conversation.id, "Yes, we are here.");
  await until(() => page.evaluate(() => (window as any).counts.at(-1) == 1), "unread 1 while closed", 2000);
  await hasText(w.badge, "1");
  await page.evaluate(() => (window as any).Woes("show"));
  await until(() => page.evaluate(() => (window as any).counts.at(-1) == 0), "unread 0 once read");
  expect(await page.evaluate(() => (window as any).counts)).toEqual([0, 1, 0]);
});

test("identify (unsigned) re-boots the session with the identity and reloads the history", async () => {
  const { page, w, calls } = await t.open();
  await page.evaluate(() => (window as any).Woes("show"));
  const { conversation } = await w.send("Before identify");
  const historyReads = () => calls.filter((c) => c.route == "messages" && c.method == "GET" && c.url.includes(conversation.id)).length;
  const readsBefore = historyReads();
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/widget/session"));
  await page.evaluate(() => (window as any).Woes("identify", { email: "ada@example.com", name: "Ada Lovelace", company: "Example API Co", id: "user_123" }));
  const session = await (await answer).json();
  const sent = calls.filter((c) => c.route == "session").at(-1)!;
  expect(sent.body.identity).toEqual({ email: "ada@example.com", name: "Ada Lovelace", company: "Example API Co", id: "user_123" });
  expect(sent.headers.authorization).toMatch(/^Bearer /);
  expect(session.visitor).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com", verified: false });
  await until(() => historyReads() > readsBefore, "history reloaded");
  await hasText(w.messages, "Before identify");
});

test("identify with an email_hash verifies the visitor; a wrong hash warns and keeps the visitor", async () => {
  const { page, w, warnings } = await t.open();
  await w.booted();
  const before = await page.evaluate((key) => localStorage.getItem(`woes:${key}`), t.server.publicKey);
  expect(before).toBeTruthy();
  const email = "grace@example.com";
  const hash = createHmac("sha256", t.server.identitySecret).update(email).digest("hex");
  const bad = page.waitForResponse((r) => r.url().endsWith("/api/widget/session"));
  await page.evaluate((email) => (window as any).Woes("identify", { email, email_hash: "0".repeat(64) }), email);
  expect((await bad).status()).toBe(401);
  await until(() => warnings.some((m) => m.includes("identity_invalid")), "a warning");
  expect(await page.evaluate((key) => localStorage.getItem(`woes:${key}`), t.server.publicKey)).toBe(before);
  const good = page.waitForResponse((r) => r.url().endsWith("/api/widget/session"));
  await page.evaluate(([email, hash]) => (window as any).Woes("identify", { email, name: "Grace Hopper", email_hash: hash }), [email, hash]);
  expect((await (await good).json()).visitor).toMatchObject({ verified: true, email });
});

test("identify with a JWT verifies the visitor", async () => {
  const { page, w } = await t.open();
  await w.booted();
  const jwt = await new SignJWT({ email: "linus@example.com", name: "Linus" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("user_42")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(t.server.identitySecret));
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/widget/session"));
  await page.evaluate((jwt) => (window as any).Woes("identify", { jwt }), jwt);
  expect((await (await answer).json()).visitor).toMatchObject({ verified: true, name: "Linus" });
});

test("setNewConversationFields goes with the next new conversation only", async () => {
  const { page, w, calls } = await t.open({ before: `Woes("setNewConversationFields",{page:"/checkout",plan:"enterprise",seats:12})` });
  await page.evaluate(() => (window as any).Woes("show"));
  await w.send("First message");
  await w.send("Second message");
  await w.q('button[aria-label="Back to conversations"]').click();
  await w.q("button.primary").click();
  await w.send("Another conversation");
  const sends = calls.filter((c) => c.route == "messages" && c.method == "POST").map((c) => c.body);
  expect(sends.map((b) => b.fields)).toEqual([{ page: "/checkout", plan: "enterprise", seats: 12 }, undefined, undefined]);
  expect(sends[1].conversationId).toBeTruthy();
  expect(sends[2].conversationId).toBeUndefined();
});

test("showNewMessage opens a new conversation with the draft, unsent", async () => {
  const { page, w, calls } = await t.open();
  await w.booted();
  await page.evaluate(() => (window as any).Woes("showNewMessage", "I hit a 401 on POST /orders."));
  await visible(w.panel);
  expect(await w.composer.inputValue()).toBe("I hit a 401 on POST /orders.");
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("WOES-WIDGET");
  await until(() => eventTypes(calls).includes("new_message_draft"), "new_message_draft");
  expect(calls.some((c) => c.route == "messages" && c.method == "POST")).toBe(false);
});

test("setVisibleTicketForms restricts the forms offered; null shows them all again", async () => {
  await t.op.settings({ ticketForms: FORMS, survey: null });
  const { page, w } = await t.open({ before: `Woes("setVisibleTicketForms",["feature_request","bug_report"])` });
  await page.evaluate(() => (window as any).Woes("show"));
  const offered = () => w.q("button[data-form]").evaluateAll((els) => els.map((e) => e.getAttribute("data-form")));
  await until(async () => (await offered()).length == 2, "two forms");
  expect(await offered()).toEqual(["bug_report", "feature_request"]);
  await page.evaluate(() => (window as any).Woes("setVisibleTicketForms", null));
  await until(async () => (await offered()).length == 3, "all forms");
});

test("a ticket the server refuses on several fields shows each sentence beside its own field", async () => {
  await t.op.settings({ ticketForms: FORMS, survey: null });
  const { page, w } = await t.open();
  await w.booted();
  await page.evaluate(() => (window as any).Woes("showTicketForm", "bug_report"));
  await w.q("#woes-f-subject").fill("Checkout error");
  await w.q("#woes-f-details").fill("The pay button spins forever.");
  await w.q("#woes-f-severity").selectOption("high");
  // note: the form is edited while the visitor fills it in: the subject becomes an email and the severities change.
  const [bug, ...rest] = FORMS;
  const edited = { ...bug!, fields: [{ ...bug!.fields[0]!, type: "email" }, bug!.fields[1]!, { ...bug!.fields[2]!, options: ["minor", "major"] }] };
  await t.op.settings({ ticketForms: [edited, ...rest] });
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/widget/messages") && r.request().method() == "POST");
  await w.q('form button[type="submit"]').click();
  expect((await answer).status()).toBe(422);
  await hasText(w.q("#woes-f-subject-err"), "Subject must be an email address.");
  await hasText(w.q("#woes-f-severity-err"), "Severity must be one of its options.");
  expect(await w.q("#woes-f-subject-err").textContent()).toBe("Subject must be an email address.");
  expect(await w.q("#woes-f-severity").getAttribute("aria-invalid")).toBe("true");
  expect(await w.q("#woes-f-details").getAttribute("aria-invalid")).toBeNull();
  expect(await w.q('form p.err[role="alert"]').textContent()).toBe("");
});

test("showTicketForm opens the form, setTicketFormFields prefills it, the required field is enforced, and it submits", async () => {
  await t.op.settings({ ticketForms: FORMS, survey: null });
  const { page, w, calls, warnings } = await t.open({ before: `Woes("setTicketFormFields",{subject:"Checkout error",priority_hint:"high"})` });
  await w.booted();
  await page.evaluate(() => (window as any).Woes("showTicketForm", "no_such_form"));
  await until(() => warnings.some((m) => m.includes("no ticket form no_such_form")), "a warning for an unknown form");
  await page.evaluate(() => (window as any).Woes("showTicketForm", "bug_report"));
  await hasText(w.q("#woes-form-title"), "Report a bug");
  expect(await w.q("#woes-f-subject").inputValue()).toBe("Checkout error");
  await w.q('form button[type="submit"]').click();
  await hasText(w.q("#woes-f-details-err"), "Details is required.");
  expect(await w.q("#woes-f-details").getAttribute("aria-invalid")).toBe("true");
  expect(calls.some((c) => c.route == "messages" && c.method == "POST")).toBe(false);
  await w.q("#woes-f-details").fill("The pay button spins forever.");
  await w.q("#woes-f-severity").selectOption("high");
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/widget/messages") && r.request().method() == "POST");
  await w.q('form button[type="submit"]').click();
  expect((await answer).status()).toBe(201);
  const send = calls.find((c) => c.route == "messages" && c.method == "POST")!;
  expect(send.body.ticket).toEqual({ form: "bug_report", fields: { subject: "Checkout error", details: "The pay button spins forever.", severity: "high" } });
  await hasText(w.messages.first(), "Details: The pay button spins forever.");
  await until(() => eventTypes(calls).includes("ticket_form_submit") && eventTypes(calls).includes("ticket_form_view"), "ticket events");
});
