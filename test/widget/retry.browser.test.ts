// Retrying in real Chromium against dist/woes: a message whose upload failed sends each file once on Retry,
// and a tapped survey score in flight never reopens a survey the visitor already finished.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { Buffer } from "node:buffer";
import { startServer } from "../helpers/server";
import { suite, until, visible } from "./browser-kit";

const t = suite(startServer);
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop());
afterEach(() => t.closeContexts());

test("after one of four uploads fails, Retry uploads only the missing file and sends the message with all four", async () => {
  const { page, w, errors } = await t.open();
  await page.evaluate(() => (window as any).Woes("show"));
  const { conversation } = await w.send("Four files follow");
  const received: string[] = [];
  let refused = 0;
  await page.route("**/api/widget/attachments", async (r) => {
    const name = r.request().postDataBuffer()?.toString("latin1").match(/filename="([^"]+)"/)?.[1] ?? "?";
    // note: the second file is refused once, as the server's rate limit would.
    if (name == "b.txt" && !refused++) return r.fulfill({ status: 429, contentType: "application/json", body: '{"error":{"code":"rate_limited","message":"Too many requests."}}' });
    received.push(name);
    await r.continue();
  });
  const files = ["a.txt", "b.txt", "c.txt", "d.txt"].map((name) => ({ name, mimeType: "text/plain", buffer: Buffer.alloc(64 * 1024, name) }));
  await w.q(".composer input[type=file]").setInputFiles(files);
  await w.composer.press("Enter");
  const failed = w.q(".log li.failed");
  await visible(failed.locator("button.retry"), 10_000);
  await failed.locator("button.retry").click();
  await until(() => w.q(".log li.msg.me:not(.failed) a.file").count().then((n) => n == 4), "the message sent with four files", 10_000);
  expect(received.sort()).toEqual(["a.txt", "b.txt", "c.txt", "d.txt"]);
  const detail = await t.op.get(`/api/admin/conversations/${conversation.id}`);
  const sent = (detail.conversation.messages as { attachments?: { name: string }[] }[]).filter((m) => m.attachments?.length);
  expect(sent.map((m) => m.attachments!.map((a) => a.name).sort())).toEqual([["a.txt", "b.txt", "c.txt", "d.txt"]]);
  expect(errors.filter((e) => !/429/.test(e))).toEqual([]);
}, 60_000);

test("a message still being retried when the page calls shutdown and identifies someone else never goes out with the new visitor's token", async () => {
  const { page, w } = await t.open();
  await page.evaluate(() => (window as any).Woes("show"));
  await w.booted();
  const first = await page.evaluate(() => (window as any).__woes.s.session.visitor.token as string);
  const auths: string[] = [];
  let failed = 0;
  await page.route("**/api/widget/messages", async (r) => {
    if (r.request().method() != "POST") return r.continue();
    auths.push(r.request().headers().authorization ?? "none");
    // note: the first try meets an outage, so the message waits for its retry.
    if (!failed++) return r.fulfill({ status: 503, contentType: "application/json", body: '{"error":{"code":"unavailable","message":"Try later."}}' });
    await r.continue();
  });
  await w.composer.fill("Private to the first visitor");
  await w.composer.press("Enter");
  await until(() => failed == 1, "the first try");
  await page.evaluate(() => ((window as any).Woes("shutdown"), (window as any).Woes("identify", { email: "second@example.com", name: "Second" })));
  await until(() => page.evaluate((a) => (window as any).__woes.s.session?.visitor.token !== a && !!(window as any).__woes.s.session, first), "the second visitor");
  await page.waitForTimeout(3500);
  expect(auths.filter((a) => a != "Bearer " + first)).toEqual([]);
}, 60_000);
