// The messenger lets go of an attachment's bytes: an image's blob: URL is revoked once it is decoded (the image
// keeps showing), so a long conversation of pictures does not hold every file in memory.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { Buffer } from "node:buffer";
import { startServer } from "../helpers/server";
import { suite, until, visible } from "./browser-kit";

const t = suite(startServer);
beforeAll(() => t.start(), 180_000);
afterAll(() => t.stop());
afterEach(() => t.closeContexts());

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR4nGN4KOtBFcQwatCoQaMGjRo0atCoQQNvEADkOd2f5DRxewAAAABJRU5ErkJggg==", "base64");

test("an image's blob: URL is revoked once it shows; the image still shows and enlarges", async () => {
  const { page, w, errors } = await t.open();
  await page.evaluate(() => (window as any).Woes("show"));
  const { conversation } = await w.send("A picture follows");
  const form = new FormData();
  form.append("file", new Blob([PNG], { type: "image/png" }), "from-support.png");
  const up = (await (await fetch(`${t.server.url}/api/admin/conversations/${conversation.id}/attachments`, { method: "POST", headers: { authorization: `Bearer ${t.server.adminToken}` }, body: form })).json()) as any;
  await fetch(`${t.server.url}/api/admin/conversations/${conversation.id}/messages`, { method: "POST", headers: { authorization: `Bearer ${t.server.adminToken}`, "content-type": "application/json" }, body: JSON.stringify({ body: "", attachments: [up.attachment.id] }) });
  const img = w.q('.log .att-img[alt="from-support.png"]');
  await visible(img);
  await until(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth == 24), "the image decoded");
  const src = await img.evaluate((e) => (e as HTMLImageElement).src);
  expect(src).toStartWith("blob:");
  expect(await page.evaluate((u) => fetch(u).then(() => "alive", () => "revoked"), src)).toBe("revoked");
  await w.q('.log .att-btn[aria-label="from-support.png"]').click();
  expect(await img.evaluate((e) => e.classList.contains("big") && (e as HTMLImageElement).naturalWidth == 24 && (e as HTMLImageElement).complete)).toBe(true);
  expect(errors).toEqual([]);
}, 60_000);
