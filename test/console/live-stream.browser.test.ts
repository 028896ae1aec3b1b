// The inbox stream comes back after the browser gives up on it: a stream answered 503 (a proxy while the
// server restarts) is opened again after a pause, and a visitor's new message then shows up live.
// Real Chromium against dist/woes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { hasText } from "../widget/browser-kit";
import { consoleSuite, T } from "./console-kit";
import { visitor } from "./seed";

const t = consoleSuite();
beforeAll(() => t.start({ setup: true }), 180_000);
afterAll(() => t.stop(), T);

test("an inbox stream answered 503 is opened again, and new messages show up live", async () => {
  const { server, page, watched } = t;
  const ada = await visitor(server, { name: "Ada Lovelace" });
  await ada.send("Do you ship to Norway?");
  let refused = 0;
  await page.route("**/api/admin/conversations/stream*", (route) => {
    if (refused++) return route.fallback();
    return route.fulfill({ status: 503, contentType: "text/plain", body: "restarting" });
  });
  await page.goto(`${server.url}/admin/inbox`);
  await hasText(page.locator(".inbox-list"), "Norway");
  // note: EventSource does not retry after a non-200 answer; only the console's own retry brings the dot back.
  await page.locator(".live-dot.on").waitFor({ timeout: 10_000 });
  expect(refused).toBeGreaterThan(1);
  const grace = await visitor(server, { name: "Grace Hopper" });
  await grace.send("Is the blue parka back in stock?");
  await hasText(page.locator(".inbox-list"), "blue parka");
  expect(watched.unexpected([[503, /\/api\/admin\/conversations\/stream/]])).toEqual([]);
}, T);
