// Surveys in the messenger, in real Chromium against dist/woes: a tapped score is recorded at once (no "Send
// feedback" needed), a reload shows it again, and the comment follows into the same stored response.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { startServer } from "../helpers/server";
import { ARTIFACTS, hasText, suite, until, visible } from "./browser-kit";

const t = suite(startServer);
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop());
afterEach(() => t.closeContexts());

type Page = import("playwright-core").Page;
const show = (page: Page) => page.evaluate(() => (window as any).Woes("show"));
/** reopen reloads the host page and opens the closed conversation from the messenger's list. */
async function reopen(page: Page, w: ReturnType<typeof import("./browser-kit").widget>, id: string) {
  await page.reload();
  await w.booted();
  await show(page);
  await w.q(`.home .row[data-id="${id}"]`).click();
  await visible(w.q("form.survey"));
}

/** holdFirstCsat keeps the page's first survey answer in flight until the returned release is called; later ones go through. */
async function holdFirstCsat(page: Page) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held = 0;
  await page.route("**/api/widget/csat", async (r) => {
    if (held++ === 0) await gate;
    await r.continue();
  });
  return release;
}

/** surveyShown switches CSAT on, opens the messenger, sends text, has the operator close the conversation and waits for the survey. */
async function surveyShown(text: string, opts?: Parameters<typeof t.open>[0]) {
  await t.op.settings({ survey: "csat" });
  const opened = await t.open(opts);
  await show(opened.page);
  const { conversation } = await opened.w.send(text);
  await t.op.close(conversation.id);
  await visible(opened.w.q("form.survey"));
  return { ...opened, conversation };
}

test("a tapped CSAT score is stored on tap and still shown after a reload; the comment follows and is stored once", async () => {
  const { page, w, calls, conversation } = await surveyShown("Where is my order?", { contextOptions: { viewport: { width: 390, height: 760 } } });
  const stored = async () => ((await t.op.get(`/api/admin/conversations/${conversation.id}`)).conversation.surveys as { score: number; comment: string | null }[]).map((s) => [s.score, s.comment]);
  await w.q('.scores button[aria-label="4 out of 5, Good"]').click();
  await until(async () => (await stored()).length === 1, "the score stored without Send feedback");
  expect(await stored()).toEqual([[4, null]]);
  expect(calls.filter((c) => c.route == "csat").map((c) => c.body)).toEqual([{ conversationId: conversation.id, kind: "csat", score: 4 }]);
  await hasText(w.q("form.survey [role=status]"), "Thanks for your feedback!");

  await reopen(page, w, conversation.id);
  expect(await w.q('.scores button[aria-pressed="true"]').allTextContents()).toEqual(["4"]);
  await w.q("#woes-survey-comment").fill("Fast, but the tracking link was broken.");
  await w.q('form.survey button[type="submit"]').click();
  await until(async () => (await stored())[0]?.[1] !== null, "the comment stored");
  expect(await stored()).toEqual([[4, "Fast, but the tracking link was broken."]]);
  // note: the server stores the comment a moment before the widget reads its answer.
  await until(async () => (await w.q("#woes-survey-comment").count()) == 0, "the comment field gone");

  await reopen(page, w, conversation.id);
  expect(await w.q('.scores button[aria-pressed="true"]').allTextContents()).toEqual(["4"]);
  expect(await w.q(".scores button:disabled").count()).toBe(5);
  await hasText(w.q("form.survey [role=status]"), "Thanks for your feedback!");
  expect(await w.q("#woes-survey-comment").count()).toBe(0);
  await page.screenshot({ path: `${ARTIFACTS}widget-survey-kept-390.png` });
  expect(calls.filter((c) => c.route == "csat").length).toBe(2);
  await t.op.settings({ survey: null });
}, 30_000);

test("a failed tap says so and keeps no score; the next tap records", async () => {
  const { page, w, conversation } = await surveyShown("Thanks, bye");
  await page.route("**/api/widget/csat", (r) => r.fulfill({ status: 422, contentType: "application/json", body: '{"error":{"code":"invalid_field","message":"no"}}' }));
  await w.q('.scores button[aria-label="2 out of 5, Bad"]').click();
  await hasText(w.q("form.survey [role=alert]"), "could not be sent");
  expect(await w.q('.scores button[aria-pressed="true"]').count()).toBe(0);
  await page.unroute("**/api/widget/csat");
  await w.q('.scores button[aria-label="5 out of 5, Great"]').click();
  await until(async () => (await t.op.get(`/api/admin/conversations/${conversation.id}`)).conversation.survey?.score === 5, "the second tap stored");
  expect(await w.q("form.survey [role=alert]").textContent()).toBe("");
  await t.op.settings({ survey: null });
});

test("taps in quick succession while the first is slow: the latest score is the one stored, never an earlier one after it", async () => {
  const { page, w, calls, conversation } = await surveyShown("Slow network here");
  const release = await holdFirstCsat(page);
  const stored = async () => (await t.op.get(`/api/admin/conversations/${conversation.id}`)).conversation.survey?.score;
  await w.q('.scores button[aria-label="2 out of 5, Bad"]').click();
  await w.q('.scores button[aria-label="3 out of 5, Okay"]').click();
  await w.q('.scores button[aria-label="5 out of 5, Great"]').click();
  await new Promise((r) => setTimeout(r, 300));
  expect(calls.filter((c) => c.route == "csat").length).toBe(1);
  release();
  await until(async () => calls.filter((c) => c.route == "csat").length >= 2 && (await stored()) === 5, "the latest tap stored");
  await new Promise((r) => setTimeout(r, 300));
  expect(await stored()).toBe(5);
  // note: the middle tap was superseded while the first was in flight, so it was never sent.
  expect(calls.filter((c) => c.route == "csat").map((c) => c.body.score)).toEqual([2, 5]);
  expect(await w.q('.scores button[aria-pressed="true"]').allTextContents()).toEqual(["5"]);
  await page.unroute("**/api/widget/csat");
  await t.op.settings({ survey: null });
});

test("Send feedback while a tap is in flight: the survey stays finished after a reload, with the latest score and the comment", async () => {
  const { page, w, conversation } = await surveyShown("Quick question");
  await w.q('.scores button[aria-label="4 out of 5, Good"]').click();
  await hasText(w.q("form.survey [role=status]"), "Thanks for your feedback!");
  const release = await holdFirstCsat(page);
  await w.q('.scores button[aria-label="5 out of 5, Great"]').click();
  await w.q("#woes-survey-comment").fill("Quick and kind.");
  await w.q('form.survey button[type="submit"]').click();
  await new Promise((r) => setTimeout(r, 300));
  release();
  await until(async () => (await w.q("#woes-survey-comment").count()) == 0, "the survey finished");
  const survey = async () => (await t.op.get(`/api/admin/conversations/${conversation.id}`)).conversation.survey;
  await until(async () => (await survey())?.comment == "Quick and kind.", "the comment stored");
  expect((await survey()).score).toBe(5);
  await new Promise((r) => setTimeout(r, 300));
  await page.unroute("**/api/widget/csat");
  await reopen(page, w, conversation.id);
  expect(await w.q("#woes-survey-comment").count()).toBe(0);
  expect(await w.q('.scores button[aria-pressed="true"]').allTextContents()).toEqual(["5"]);
  await t.op.settings({ survey: null });
});
