// Route table: the widget bundle and its language tables, the install snippet page and the health check.
import { Elysia } from "elysia";
import type { AppContext } from "../../context";
import { installSnippet } from "../../domain/snippet";
import type { ResolvedKey } from "../../domain/keys";
import { etagged } from "../../lib/asset";
import { notFound } from "../../lib/http-error";
import { requestOrigin } from "../../lib/origin";
import { escapeHtml as escape } from "../../lib/text";

/** liveKey is the key a page names in its path, or 404 when it is unknown or revoked.
 *  note: a path segment that is not valid percent-encoding reaches here as null (Elysia cannot decode it). */
export async function liveKey(ctx: AppContext, name: string | null): Promise<ResolvedKey> {
  const key = typeof name === "string" && name.length <= 100 ? await ctx.keys.resolve(name) : null;
  if (!key || key.revoked) throw notFound("This widget key");
  return key;
}

const SCRIPT_HEADERS = {
  "content-type": "application/javascript; charset=utf-8",
  // note: the URL is not versioned, so browsers revalidate after five minutes via the ETag.
  "cache-control": "public, max-age=300, stale-while-revalidate=86400",
  "access-control-allow-origin": "*",
  "cross-origin-resource-policy": "cross-origin",
};

const LOCALE_HEADERS = { ...SCRIPT_HEADERS, "content-type": "application/json; charset=utf-8" };

/** assetRoutes serves what the executable carries inside it. */
export const assetRoutes = (ctx: AppContext) => {
  const loader = etagged(ctx.assets.loader, SCRIPT_HEADERS);
  const messenger = etagged(ctx.assets.messenger, SCRIPT_HEADERS);
  const tables = Object.fromEntries(Object.entries(ctx.assets.locales ?? {}).map(([lang, table]) => [`${lang}.json`, etagged(table, LOCALE_HEADERS)]));
  return new Elysia()
    .get("/widget.js", ({ request }) => loader(request))
    .get("/widget-messenger.js", ({ request }) => messenger(request))
    .get("/widget-locales/:file", ({ params, request }) => {
      if (!Object.hasOwn(tables, params.file)) throw notFound("This language");
      return tables[params.file]!(request);
    })
    .get("/install/:key", async ({ params, query, request }) => {
      const key = await liveKey(ctx, params.key);
      // note: without --public-url the snippet names the Host the request came to: it goes back only to the one
      // who asked (as inert text, never run on this server's origin), and no shared cache may hand it to another.
      const snippet = installSnippet(requestOrigin(ctx.config, request), key.key);
      const caching: Record<string, string> = ctx.config.publicUrl ? {} : { "cache-control": "no-store", vary: "Host" };
      if (query.format === "text") {
        return new Response(snippet + "\n", { headers: { "content-type": "text/plain; charset=utf-8", ...caching } });
      }
      return new Response(installPage(key.workspace.name, snippet), { headers: { "content-type": "text/html; charset=utf-8", ...caching } });
    })
    .get("/healthz", async () => {
      const ok = await ctx.store.ping().catch(() => false);
      return new Response(JSON.stringify({ ok }), { status: ok ? 200 : 503, headers: { "content-type": "application/json" } });
    });
};

function installPage(workspace: string, snippet: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Install Woes · ${escape(workspace)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:720px;margin:3rem auto;padding:0 1rem;color:#1f2330}pre{background:#f3f4f7;padding:1rem;border-radius:8px;overflow:auto}</style></head>
<body><h1>Install the Woes widget</h1><p>Paste this before <code>&lt;/body&gt;</code> on every page of <strong>${escape(workspace)}</strong>'s site:</p>
<pre id="snippet">${escape(snippet)}</pre><p>Plain text: <a href="?format=text">?format=text</a>.</p></body></html>`;
}
