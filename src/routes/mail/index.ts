// Route table: GET /c/:token, the mailed link that reopens a conversation on the site it came from.
import { Elysia } from "elysia";
import type { AppContext } from "../../context";
import { findConversationLink, resumeUrl } from "../../mail/links";

const page = (status: number, text: string) =>
  new Response(`<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Conversation</title><p style="font:16px system-ui;margin:3em auto;max-width:30em">${text}</p>`, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" },
  });

/** mailRoutes answers mailed conversation links: a redirect to the page with the token in the fragment. */
export const mailRoutes = (ctx: AppContext) =>
  new Elysia().get("/c/:token", async ({ params }) => {
    const link = await findConversationLink(ctx.store.db, params.token, ctx.clock.now());
    if (!link) return page(404, "This link is not valid any more. Open the chat on the website to start a new conversation.");
    if (!link.pageUrl) return page(200, "Open the chat on the website where you wrote to us to see the conversation.");
    return new Response(null, { status: 302, headers: { location: resumeUrl(link.pageUrl, params.token), "cache-control": "no-store", "referrer-policy": "no-referrer" } });
  });
