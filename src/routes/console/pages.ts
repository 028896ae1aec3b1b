// Route table: the console pages (one shell for /admin and every client route), its assets, the test page.
import { Elysia } from "elysia";
import type { AppContext } from "../../context";
import { CONSOLE_CSP, shellPage, testPage } from "../../console/page";
import { assetText, etagged } from "../../lib/asset";
import { sha256Hex } from "../../lib/crypto";
import { requestOrigin } from "../../lib/origin";
import { liveKey } from "../assets";

/** PAGE_HEADERS are the headers of the pages this server shows: never cached, framed or sent as a Referer. */
export const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

/** consolePages serves the console shell, its script and stylesheet, and the widget test page. */
export function consolePages(ctx: AppContext) {
  const { script, styles } = ctx.consoleAssets;
  const version = sha256Hex(assetText(script) + assetText(styles)).then((h) => h.slice(0, 12));
  const shell = async () => new Response(shellPage(await version), { headers: { ...PAGE_HEADERS, "content-security-policy": CONSOLE_CSP } });
  const js = etagged(script, { "content-type": "application/javascript; charset=utf-8", "cache-control": "public, max-age=300" });
  const css = etagged(styles, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=300" });
  return new Elysia()
    // note: the server's root is where people type first; it leads to the console.
    .get("/", () => new Response(null, { status: 302, headers: { location: "/admin", "cache-control": "no-store" } }))
    .get("/admin", shell)
    .get("/admin/", shell)
    .get("/admin/*", shell)
    .get("/admin/console.js", ({ request }) => js(request))
    .get("/admin/console.css", ({ request }) => css(request))
    .get("/admin/try/:key", async ({ params, request }) => {
      const key = await liveKey(ctx, params.key);
      // note: like /install, the page names the address it was asked at (a LAN address, a port mapping), so it works
      // there; a forged Host reaches only its own requester: never stored (no-store) nor shared (Vary: Host).
      const html = testPage(requestOrigin(ctx.config, request), key.workspace.name, key.key);
      return new Response(html, { headers: { ...PAGE_HEADERS, vary: "Host" } });
    });
}
