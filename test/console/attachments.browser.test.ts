// Attachments in the console, in real Chromium against dist/woes: a visitor's image shows inline and its other file
// as a chip named in plain text (a hostile name stays text); the operator attaches with the button, a paste and a
// drop, and the visitor receives the files. Screenshots at 1280 and 390 px go to test/artifacts/.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { ARTIFACTS, hasText, until } from "../widget/browser-kit";
import { consoleSuite, shoot, T } from "./console-kit";
import { visitor, type Visitor } from "./seed";

const t = consoleSuite();
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR4nGN4KOtBFcQwatCoQaMGjRo0atCoQQNvEADkOd2f5DRxewAAAABJRU5ErkJggg==", "base64");
const HOSTILE_NAME = "<img src=x onerror=window.__pwned=1>.txt";
let ada: Visitor;
let conversation = "";

/** upload stores a file as the visitor, through the widget route. */
async function upload(name: string, type: string, bytes: Uint8Array): Promise<string> {
  const form = new FormData();
  form.append("conversationId", conversation);
  form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  const res = await fetch(`${t.server.url}/api/widget/attachments`, { method: "POST", headers: { "x-woes-key": t.server.publicKey, authorization: `Bearer ${ada.token}` }, body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as any).attachment.id;
}

/** handOver fires a paste on the reply box or a drop on the conversation with one PNG. */
const handOver = (page: Page, how: "paste" | "drop", name: string) =>
  page.evaluate(
    ([how, name, bytes]) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes as number[])], name as string, { type: "image/png" }));
      const target = document.querySelector(how == "paste" ? ".composer-input" : ".conv")!;
      target.dispatchEvent(how == "paste" ? new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }) : new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [how, name, [...PNG]] as const,
  );

const decoded = (page: Page, alt: string) => until(() => page.locator(`.thread img[alt="${alt}"]`).evaluate((e) => (e as HTMLImageElement).naturalWidth == 24).catch(() => false), `${alt} decoded`);

beforeAll(async () => {
  await t.start({ setup: true });
  ada = await visitor(t.server, { name: "Ada Lovelace" });
  conversation = await ada.send("Photos of the broken tent pole attached.");
  const ids = [await upload("tent-pole.png", "image/png", PNG), await upload(HOSTILE_NAME, "text/plain", new TextEncoder().encode("receipt"))];
  await ada.call("messages", { conversationId: conversation, body: "", attachments: ids });
}, 180_000);
afterAll(() => t.stop(), T);

test("a visitor's image shows inline and its file as a text-named chip; the operator attaches by button, paste and drop", async () => {
  const { page, server } = t;
  await page.goto(`${server.url}/admin/inbox/${conversation}`);
  await hasText(page.locator(".thread .msg"), "broken tent pole");
  await decoded(page, "tent-pole.png");
  expect(await page.locator(".thread .file-chip .clamp").allTextContents()).toEqual([HOSTILE_NAME]);
  expect(await page.locator('.thread img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__pwned ?? null)).toBeNull();
  expect(await page.locator(".thread .file-chip").getAttribute("download")).toBe(HOSTILE_NAME);

  // from the keyboard: the Attach button opens the file chooser
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach files" }).press("Enter");
  await (await chooser).setFiles([{ name: "replacement.png", mimeType: "image/png", buffer: PNG }]);
  await handOver(page, "paste", "pasted-label.png");
  await handOver(page, "drop", "dropped-receipt.png");
  expect(await page.locator(".file-chips .clamp").allTextContents()).toEqual(["replacement.png", "pasted-label.png", "dropped-receipt.png"]);
  await page.getByRole("button", { name: "Remove pasted-label.png" }).click();
  await page.fill(".composer-input", "Here is the replacement we are sending.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await decoded(page, "replacement.png");
  await decoded(page, "dropped-receipt.png");
  expect(await page.locator(".file-chips li").count()).toBe(0);

  // the visitor gets the files with the reply
  const history = (await ada.call(`messages?conversation=${conversation}`)).json;
  const reply = history.messages.find((m: any) => m.body === "Here is the replacement we are sending.");
  expect(reply.attachments.map((a: any) => a.name)).toEqual(["replacement.png", "dropped-receipt.png"]);

  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll(".composer button, .composer input, .composer textarea, .thread a, .thread button")]
      .filter((el) => !(el.getAttribute("aria-label") || el.textContent!.trim() || el.getAttribute("title")))
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(unlabelled).toEqual([]);
  await shoot(page, `${ARTIFACTS}attachments-console-1280.png`);
  await page.setViewportSize({ width: 390, height: 800 });
  await decoded(page, "tent-pole.png");
  await shoot(page, `${ARTIFACTS}attachments-console-390.png`);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(t.watched.unexpected([])).toEqual([]);
}, T);

test("while a reply's files upload, files added, text typed and a second Ctrl+Enter are kept for the next reply", async () => {
  const { page, server } = t;
  await page.goto(`${server.url}/admin/inbox/${conversation}`);
  await hasText(page.locator(".thread .msg"), "broken tent pole");
  let asked!: () => void;
  const held = new Promise<void>((r) => (asked = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(`**/api/admin/conversations/${conversation}/attachments`, async (route) => {
    asked();
    await released;
    await route.fallback();
  });
  const replies: string[] = [];
  page.on("request", (r) => void (r.method() === "POST" && r.url().endsWith(`/conversations/${conversation}/messages`) && replies.push(r.postData() ?? "")));
  await handOver(page, "paste", "slow-upload.png");
  await page.fill(".composer-input", "The label is attached.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await held;
  await handOver(page, "drop", "added-meanwhile.png");
  expect(await page.getByRole("button", { name: "Remove slow-upload.png" }).isDisabled()).toBe(true);
  await page.fill(".composer-input", "And one more thing");
  await page.locator(".composer-input").press("Control+Enter");
  release();
  await decoded(page, "slow-upload.png");
  await page.waitForTimeout(500);
  expect(replies.length).toBe(1);
  expect(await page.locator(".file-chips .clamp").allTextContents()).toEqual(["added-meanwhile.png"]);
  expect(await page.locator(".composer-input").inputValue()).toBe("And one more thing");
  await page.unroute(`**/api/admin/conversations/${conversation}/attachments`);
  await page.fill(".composer-input", "");
  await page.getByRole("button", { name: "Remove added-meanwhile.png" }).click();
  expect(t.watched.unexpected([])).toEqual([]);
}, T);

test("a failed upload stops the other lane, and Retry uploads only the files not stored yet", async () => {
  const { page, server } = t;
  await page.goto(`${server.url}/admin/inbox/${conversation}`);
  await hasText(page.locator(".thread .msg"), "broken tent pole");
  const uploaded: string[] = [];
  let refused = false;
  await page.route(`**/api/admin/conversations/${conversation}/attachments`, async (route) => {
    const name = /filename="([^"]+)"/.exec(route.request().postDataBuffer()?.toString("latin1") ?? "")?.[1] ?? "?";
    uploaded.push(name);
    if (name === "retry-b.png" && !refused) {
      refused = true;
      return route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Try again." } }) });
    }
    // note: the first lane's file is still on its way when the second lane fails.
    if (name === "retry-a.png") await new Promise((r) => setTimeout(r, 400));
    await route.fallback();
  });
  for (const name of ["retry-a.png", "retry-b.png", "retry-c.png"]) await handOver(page, "paste", name);
  await page.fill(".composer-input", "Three photos.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await until(async () => !(await page.getByRole("button", { name: "Send", exact: true }).isDisabled()), "the failed send over");
  await page.waitForTimeout(300);
  expect(uploaded).toEqual(["retry-a.png", "retry-b.png"]);
  expect(await page.locator(".file-chips .clamp").allTextContents()).toEqual(["retry-a.png", "retry-b.png", "retry-c.png"]);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await decoded(page, "retry-c.png");
  expect(uploaded.filter((n) => n === "retry-a.png").length).toBe(1);
  expect(uploaded.slice(2).sort()).toEqual(["retry-b.png", "retry-c.png"]);
  const history = (await ada.call(`messages?conversation=${conversation}`)).json;
  const reply = history.messages.find((m: any) => m.body === "Three photos.");
  expect(reply.attachments.map((a: any) => a.name)).toEqual(["retry-a.png", "retry-b.png", "retry-c.png"]);
  await page.unroute(`**/api/admin/conversations/${conversation}/attachments`);
  expect(t.watched.unexpected([[503, /\/attachments$/]])).toEqual([]);
}, T);
