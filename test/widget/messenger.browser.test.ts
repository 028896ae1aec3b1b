// The messenger in real Chromium: live replies, continuity, several conversations, the composer's
// states, surveys, agent keys, safety (text not HTML, strict CSP), accessibility and screenshots.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { startServer } from "../helpers/server";
import { eventTypes, hasText, snippet, STUB_HASH, suite, until, visible } from "./browser-kit";

const t = suite(startServer);
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop());
afterEach(() => t.closeContexts());

const show = (page: import("playwright-core").Page) => page.evaluate(() => (window as any).Woes("show"));

test("the snippet exactly as the first start prints it, pasted into a page on another origin, boots and sends", async () => {
  const out = t.server.stdout();
  const printed = out
    .slice(out.indexOf("<script>"), out.indexOf("></script>", out.lastIndexOf("<script")) + "></script>".length)
    .split("\n")
    .map((line) => line.replace(/^ {4}/, ""))
    .join("\n");
  expect(printed).toContain(`data-public-key="${t.server.publicKey}"`);
  // note: /install/<key> gives the very same text.
  expect(await (await fetch(`${t.server.url}/install/${t.server.publicKey}?format=text`)).text()).toBe(printed + "\n");
  const { page, w, errors } = await t.open({ body: printed });
  expect(new URL(page.url()).origin).not.toBe(new URL(t.server.url).origin);
  await w.booted();
  await show(page);
  const { conversation } = await w.send("Pasted straight from the terminal");
  await t.op.reply(conversation.id, "Received");
  await hasText(w.messages, "Received", 2000);
  expect(errors).toEqual([]);
});

test("an operator reply appears in the open messenger within 2 s and is announced", async () => {
  const { page, w } = await t.open();
  await show(page);
  const { conversation } = await w.send("Is the API down?");
  await t.op.reply(conversation.id, "Not at all, it is up.");
  await hasText(w.messages, "Not at all, it is up.", 2000);
  await hasText(w.q('[aria-live="polite"]'), "Not at all, it is up.", 2000);
});

test("a reload continues the same conversation with the same visitor", async () => {
  const { page, w, calls } = await t.open();
  await show(page);
  const { conversation } = await w.send("Remember me?");
  const token = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith("woes:pk_"))?.[1]);
  expect(token).toBeTruthy();
  await page.reload();
  await show(page);
  await hasText(w.messages, "Remember me?");
  const session = calls.filter((c) => c.route == "session").at(-1)!;
  expect(session.headers.authorization).toBe(`Bearer ${token}`);
  expect(await w.q(".thread").count()).toBe(1);
  const { conversation: again } = await w.send("Still here.");
  expect(again.id).toBe(conversation.id);
});

test("the conversation list shows several conversations and starts a new one", async () => {
  const { page, w, calls } = await t.open();
  await show(page);
  await w.send("First topic");
  await w.q('button[aria-label="Back to conversations"]').click();
  await w.q("button.primary").click();
  await w.send("Second topic");
  await w.q('button[aria-label="Back to conversations"]').click();
  await until(async () => (await w.q("button[data-id]").count()) == 2, "two conversations");
  expect(await w.q("button[data-id] .last").allTextContents()).toEqual(["Second topic", "First topic"]);
  await w.q("button[data-id]").last().click();
  await hasText(w.messages, "First topic");
  await until(() => eventTypes(calls).filter((e) => e == "conversation_start").length == 2, "two conversation_start events");
});

// note: the send's own retries with backoff take about 4 s and the wait for "Not sent" allows 8 s, past the 5 s default.
test("Enter sends, Shift+Enter adds a line; a failed send shows a retry that reuses the clientId", async () => {
  const { page, w, calls } = await t.open();
  await show(page);
  await w.composer.fill("line one");
  await w.composer.press("Shift+Enter");
  await w.composer.pressSequentially("line two");
  expect(await w.composer.inputValue()).toBe("line one\nline two");
  const first = page.waitForResponse((r) => r.url().endsWith("/api/widget/messages") && r.request().method() == "POST");
  await w.composer.press("Enter");
  expect((await (await first).json()).message.body).toBe("line one\nline two");
  let refused = 0;
  await page.route("**/api/widget/messages", (route) => (route.request().method() == "POST" && refused++ < 3 ? route.abort("connectionreset") : route.fallback()));
  await w.composer.fill("flaky network");
  await w.composer.press("Enter");
  await hasText(w.q(".msg.failed .meta"), "Not sent", 8000);
  await w.q(".msg.failed .retry").click();
  await hasText(w.q(".msg.me .meta"), "Sent");
  await until(async () => (await w.q(".msg.failed").count()) == 0, "no failed row");
  const flaky = calls.filter((c) => c.route == "messages" && c.method == "POST" && c.body.body == "flaky network");
  expect(flaky.length).toBe(4);
  expect(new Set(flaky.map((c) => c.body.clientId)).size).toBe(1);
}, 15_000);

test("the survey prompt appears when the conversation is closed and submits a score", async () => {
  await t.op.settings({ survey: "nps", ticketForms: [] });
  const { page, w, calls } = await t.open();
  await show(page);
  const { conversation } = await w.send("Thanks for the help!");
  await t.op.close(conversation.id);
  await visible(w.q("form.survey"));
  expect(await w.q(".scores button").count()).toBe(11);
  await w.q('.scores button[aria-label="9 out of 10"]').click();
  await w.q("#woes-survey-comment").fill("Quick and kind.");
  await w.q('form.survey button[type="submit"]').click();
  await hasText(w.q(".thread"), "Thanks for your feedback!");
  // note: the tapped score is sent at once; the comment follows with it into the same response.
  expect(calls.filter((c) => c.route == "csat").map((c) => c.body)).toEqual([
    { conversationId: conversation.id, kind: "nps", score: 9 },
    { conversationId: conversation.id, kind: "nps", score: 9, comment: "Quick and kind." },
  ]);
  await until(() => eventTypes(calls).includes("survey_view"), "survey_view");
  await t.op.settings({ survey: null });
});

test("a CSAT survey asks for 1 to 5", async () => {
  await t.op.settings({ survey: "csat" });
  const { page, w, calls } = await t.open();
  await show(page);
  const { conversation } = await w.send("All sorted, thanks");
  await t.op.close(conversation.id);
  await visible(w.q("form.survey"));
  expect(await w.q(".scores button").allTextContents()).toEqual(["1", "2", "3", "4", "5"]);
  await w.q('.scores button[aria-label="5 out of 5, Great"]').click();
  await w.q('form.survey button[type="submit"]').click();
  await hasText(w.q(".thread"), "Thanks for your feedback!");
  expect(calls.find((c) => c.route == "csat")!.body).toEqual({ conversationId: conversation.id, kind: "csat", score: 5 });
  await t.op.settings({ survey: null });
});

test("agent keys show the agent's name and avatar", async () => {
  const key = await t.op.agentKey({ name: "Ava the assistant", avatarUrl: t.host.avatar() });
  const { page, w } = await t.open({ body: snippet(t.server, "", key) });
  await show(page);
  await hasText(w.title, "Ava the assistant");
  expect(await w.q("header .avatar img").getAttribute("src")).toBe(t.host.avatar());
});

test("text is text: <img src=x onerror=alert(1)> shows as typed and runs nothing; only http(s) links are links", async () => {
  const { page, w, errors } = await t.open();
  await show(page);
  const attack = "<img src=x onerror=alert(1)>";
  const { conversation } = await w.send(attack);
  await t.op.reply(conversation.id, `${attack} see https://example.com/docs. javascript:alert(2)`);
  await hasText(w.messages, "see https://example.com/docs");
  expect(await w.messages.first().textContent()).toBe("You: " + attack);
  expect(await page.evaluate(() => document.querySelector("woes-widget")!.shadowRoot!.querySelectorAll("img:not(.avatar img):not(.mini img)").length)).toBe(0);
  const links = await w.q(".bubble a").evaluateAll((as) => as.map((a) => [a.getAttribute("href"), a.getAttribute("rel"), a.getAttribute("target")]));
  expect(links).toEqual([["https://example.com/docs", "noopener noreferrer nofollow", "_blank"]]);
  await page.waitForTimeout(300);
  expect(errors).toEqual([]);
});

test("the widget boots and sends on a page with a strict Content-Security-Policy", async () => {
  const csp = `default-src 'self'; script-src 'self' ${t.server.url} ${STUB_HASH}; connect-src ${t.server.url}; style-src 'self'; img-src 'self' ${t.server.url}`;
  const { page, w, errors, consoleErrors } = await t.open({
    headers: { "content-security-policy": csp },
    init: `document.addEventListener("securitypolicyviolation",function(e){(window.violations=window.violations||[]).push(e.violatedDirective+" "+e.blockedURI)})`,
  });
  await visible(w.launcher);
  expect(await w.launcher.evaluate((el) => getComputedStyle(el).position)).toBe("fixed");
  await w.launcher.click();
  const { conversation } = await w.send("Hello from a strict page");
  await t.op.reply(conversation.id, "Strict reply");
  await hasText(w.messages, "Strict reply", 2000);
  expect(await page.evaluate(() => (window as any).violations ?? [])).toEqual([]);
  expect(consoleErrors.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
  expect(errors).toEqual([]);
  // note: the control: the policy is really enforced here, so an unlisted inline script is refused.
  const control = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.inlineRan = true";
    document.head.append(s);
    return (window as any).inlineRan ?? "blocked";
  });
  expect(control).toBe("blocked");
  await until(() => page.evaluate(() => (window as any).violations?.length == 1), "the control's violation");
});

test("header text and buttons, and the unread badge, meet WCAG AA contrast (4.5:1) in both themes", async () => {
  const { page, w } = await t.open();
  await show(page);
  const { conversation } = await w.send("Is the contrast fine?");
  await page.evaluate(() => (window as any).Woes("hide"));
  await t.op.reply(conversation.id, "Unread reply");
  await hasText(w.badge, "1");
  for (const theme of ["light", "dark"]) {
    await page.evaluate((theme) => (window as any).Woes("setTheme", theme), theme);
    const ratios = await page.evaluate(() => {
      const root = document.querySelector("woes-widget")!.shadowRoot!;
      const rgb = (c: string) => c.match(/[\d.]+/g)!.map(Number);
      const luminance = (c: number[]) => {
        const [r, g, b] = c.slice(0, 3).map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      // note: text drawn with opacity is blended over its background before the ratio is taken.
      const ratio = (css: string, on: string) => {
        const el = root.querySelector(css)!;
        const bg = rgb(getComputedStyle(root.querySelector(on)!).backgroundColor);
        const fg = rgb(getComputedStyle(el).color);
        const alpha = Number(getComputedStyle(el).opacity) * (fg[3] ?? 1);
        const seen = bg.slice(0, 3).map((b, i) => fg[i]! * alpha + b * (1 - alpha));
        const [hi, lo] = [luminance(seen), luminance(bg)].sort((a, b) => b - a);
        return Math.round(((hi! + 0.05) / (lo! + 0.05)) * 100) / 100;
      };
      return {
        title: ratio(".title", "header"),
        subtitle: ratio(".subtitle", "header"),
        close: ratio('header button[aria-label="Close chat"]', "header"),
        launcher: ratio(".launcher", ".launcher"),
        badge: ratio(".badge", ".badge"),
      };
    });
    for (const [part, value] of Object.entries(ratios)) expect([theme, part, value >= 4.5]).toEqual([theme, part, true]);
  }
});
