// Attachments in real Chromium against dist/woes: files picked, pasted and dropped in the messenger are sent,
// images show inline, other files as download links; and opening any attachment's url runs no script,
// whether an SVG with a script, an HTML page named .png, or a GIF/HTML polyglot (CONTRACT §9b).
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { startServer } from "../helpers/server";
import { ARTIFACTS, hasText, suite, until, visible } from "./browser-kit";

const t = suite(startServer);
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop());
afterEach(() => t.closeContexts());

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR4nGN4KOtBFcQwatCoQaMGjRo0atCoQQNvEADkOd2f5DRxewAAAABJRU5ErkJggg==", "base64");
const SCRIPT = "window.__pwned=1;document.title='PWNED';alert('pwned')";
const HOSTILE = [
  { name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="${SCRIPT}"><script>${SCRIPT}</script><rect width="10" height="10"/></svg>`) },
  { name: "invoice.png", mimeType: "image/png", buffer: Buffer.from(`<!doctype html><html><body onload="${SCRIPT}"><script>${SCRIPT}</script>invoice</body></html>`) },
  { name: "cat.gif", mimeType: "image/gif", buffer: Buffer.from(`GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/<html><script>${SCRIPT}</script></html>`, "latin1") },
  { name: "page.html", mimeType: "text/html", buffer: Buffer.from(`<html><script>${SCRIPT}</script></html>`) },
];

/** dispatch fires a paste on the composer or a drop on the thread with one PNG, as a person would. */
async function handOver(page: Page, how: "paste" | "drop", name: string) {
  await page.evaluate(
    ([how, name, bytes]) => {
      const root = document.querySelector("woes-widget")!.shadowRoot!;
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes as number[])], name as string, { type: "image/png" }));
      const target = root.querySelector(how == "paste" ? ".composer textarea" : ".thread")!;
      target.dispatchEvent(how == "paste" ? new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }) : new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [how, name, [...PNG]] as const,
  );
}

test("files picked, pasted and dropped are sent; images render inline, the rest are download links; no attachment url runs script", async () => {
  const { page, w, errors, context } = await t.open({ contextOptions: { viewport: { width: 1280, height: 860 } } });
  const uploads: { name: string; url: string; contentType: string }[] = [];
  page.on("response", async (r) => {
    if (r.url().endsWith("/api/widget/attachments") && r.request().method() == "POST") uploads.push((await r.json()).attachment);
  });
  await page.evaluate(() => (window as any).Woes("show"));
  const { conversation } = await w.send("Here are my files");

  await w.q(".composer input[type=file]").setInputFiles([{ name: "photo.png", mimeType: "image/png", buffer: PNG }, ...HOSTILE]);
  await handOver(page, "paste", "pasted.png");
  await handOver(page, "drop", "dropped.png");
  await hasText(w.q(".chips"), "dropped.png");
  expect(await w.q(".chips li").count()).toBe(7);
  await w.composer.press("Enter");
  await until(() => uploads.length == 7, "seven uploads", 10_000);

  // images inline, decoded; every other file a link named with its (text) name
  const images = w.q(".log .att-img");
  await until(async () => (await images.evaluateAll((els) => els.filter((e) => (e as HTMLImageElement).naturalWidth == 24).length)) == 3, "three decoded images", 10_000);
  expect((await images.evaluateAll((els) => els.map((e) => e.getAttribute("alt")))).sort()).toEqual(["cat.gif", "dropped.png", "pasted.png", "photo.png"]);
  expect((await w.q(".log a.file").allTextContents()).map((s) => s.replace(/\s+\d+ B$/, "")).sort()).toEqual(["invoice.png", "logo.svg", "page.html"]);
  // an image is enlarged from the keyboard
  await w.q('.log .att-btn[aria-label="photo.png"]').focus();
  await page.keyboard.press("Enter");
  expect(await w.q('.log .att-img[alt="photo.png"]').evaluate((e) => e.classList.contains("big"))).toBe(true);
  const detail = await t.op.get(`/api/admin/conversations/${conversation.id}`);
  expect(JSON.stringify(detail)).toContain("logo.svg");

  // an operator's image reply shows inline for the visitor
  const form = new FormData();
  form.append("file", new Blob([PNG], { type: "image/png" }), "from-support.png");
  const up = await fetch(`${t.server.url}/api/admin/conversations/${conversation.id}/attachments`, { method: "POST", headers: { authorization: `Bearer ${t.server.adminToken}` }, body: form }).then((r) => r.json() as any);
  await fetch(`${t.server.url}/api/admin/conversations/${conversation.id}/messages`, { method: "POST", headers: { authorization: `Bearer ${t.server.adminToken}`, "content-type": "application/json" }, body: JSON.stringify({ body: "Our copy", attachments: [up.attachment.id] }) });
  await visible(w.q('.log .att-img[alt="from-support.png"]'));
  await until(() => w.q('.log .att-img[alt="from-support.png"]').evaluate((e) => (e as HTMLImageElement).naturalWidth == 24), "the operator's image decoded");
  await page.screenshot({ path: `${ARTIFACTS}attachments-widget-1280.png` });
  await page.setViewportSize({ width: 390, height: 780 });
  await page.screenshot({ path: `${ARTIFACTS}attachments-widget-390.png` });
  expect(errors).toEqual([]);

  // every attachment opened in the browser, by its signed url and with an operator's credentials: nothing runs
  const dialogs: string[] = [];
  for (const upload of uploads) {
    for (const how of ["signed", "operator"] as const) {
      const tab = await context.newPage();
      tab.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
      if (how == "operator") await tab.setExtraHTTPHeaders({ authorization: `Bearer ${t.server.adminToken}` });
      const target = t.server.url + (how == "signed" ? upload.url : upload.url.split("?")[0]);
      const image = ["photo.png", "pasted.png", "dropped.png", "cat.gif"].includes(upload.name);
      const download = image ? null : tab.waitForEvent("download", { timeout: 5000 }).catch(() => null);
      const res = await tab.goto(target).catch((e: Error) => (e.message.includes("Download is starting") ? null : Promise.reject(e)));
      if (image) {
        expect([upload.name, how, res?.status(), res?.headers()["content-type"]]).toEqual([upload.name, how, 200, upload.contentType]);
      } else {
        expect([upload.name, how, (await download)?.suggestedFilename()]).toEqual([upload.name, how, upload.name]);
      }
      await tab.waitForTimeout(150);
      expect([upload.name, how, await tab.evaluate(() => (window as any).__pwned ?? null), (await tab.title()).includes("PWNED")]).toEqual([upload.name, how, null, false]);
      await tab.close();
    }
  }
  expect(dialogs).toEqual([]);
}, 90_000);

test("a file the server refuses says why beside Not sent, as text, and offers Retry", async () => {
  const { page, w, errors } = await t.open();
  await page.evaluate(() => (window as any).Woes("show"));
  await w.send("One more file");
  await w.q(".composer input[type=file]").setInputFiles([{ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(11 * 1024 * 1024, 1) }]);
  await w.composer.press("Enter");
  const failed = w.q(".log li.failed");
  await hasText(failed.locator(".meta"), "Not sent: A file is at most 10 MiB.");
  expect(await failed.locator(".why").evaluate((e) => e.children.length)).toBe(0);
  await visible(failed.locator("button.retry"));
  expect(errors.filter((e) => !/413/.test(e))).toEqual([]);
});

// A double click's second click can land while the file's bytes are still coming or just after its download
// started; either way the file is fetched and downloaded once. The route holds the response back for the first,
// and the second click is sent only after the download began for the other, so neither depends on timing.
test.each(["while the bytes are still coming", "after the download began"])("a double click on a download link fetches and downloads the file once: second click %s", async (when) => {
  const { page, w, errors } = await t.open();
  await page.evaluate(() => (window as any).Woes("show"));
  await w.send("A document follows");
  await w.q(".composer input[type=file]").setInputFiles([{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.alloc(256 * 1024, "n") }]);
  await w.composer.press("Enter");
  const link = w.q(".log li.msg.me:not(.failed) a.file");
  await visible(link, 10_000);
  const download = /\/attachments\/[^/]+/;
  const fetched: string[] = [];
  page.on("request", (r) => void (r.method() == "GET" && download.test(r.url()) && fetched.push(r.url())));
  const downloads: string[] = [];
  page.on("download", (d) => void downloads.push(d.suggestedFilename()));
  let release = () => {};
  if (when == "while the bytes are still coming") await page.route(download, async (route) => (await new Promise<void>((r) => (release = r)), route.continue()));
  const box = (await link.boundingBox())!;
  await page.mouse.click(box.x + 4, box.y + 4, { clickCount: 1 });
  if (when == "while the bytes are still coming") await until(() => fetched.length == 1, "the fetch started");
  else await until(() => downloads.length == 1, "the first download", 10_000);
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
  release();
  await until(() => downloads.length >= 1, "a download", 10_000);
  await page.waitForTimeout(700);
  expect([fetched.length, downloads]).toEqual([1, ["notes.txt"]]);
  expect(errors).toEqual([]);
});

test("a new image message at the bottom of the thread stays in view once the image has its size", async () => {
  const { page, w, errors } = await t.open({ contextOptions: { viewport: { width: 390, height: 640 } } });
  await page.evaluate(() => (window as any).Woes("show"));
  for (const text of ["One", "Two", "Three", "Four", "Five", "Six"]) await w.send(text);
  await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 400;
    const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), "image/png"));
    const data = new DataTransfer();
    data.items.add(new File([blob], "tall.png", { type: "image/png" }));
    document.querySelector("woes-widget")!.shadowRoot!.querySelector(".thread")!.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await w.composer.press("Enter");
  await until(() => w.q('.log .att-img[alt="tall.png"]').evaluate((e) => (e as HTMLImageElement).naturalWidth == 400).catch(() => false), "the image decoded", 10_000);
  await page.waitForTimeout(200);
  const below = await w.q(".scroll").evaluate((e) => e.scrollHeight - e.scrollTop - e.clientHeight);
  expect(below).toBeLessThan(8);
  expect(errors).toEqual([]);
});
