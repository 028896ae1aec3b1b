// Route table: GET /c/:token, the mailed link that reopens a conversation, and GET /chat/:key, the chat page this
// server hosts for a workspace (where a link opens when the visitor's page is on no origin the owner listed).
import { Elysia } from "elysia";
import type { AppContext } from "../../context";
import { chatPage } from "../../console/page";
import { servesOrigin } from "../../domain/keys";
import { notFound } from "../../lib/http-error";
import { liveKey } from "../assets";
import { PAGE_HEADERS } from "../console/pages";
import { linkTarget, pagesOrigin } from "./service";

const page = (status: number, text: string) =>
  new Response(`<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Conversation</title><p style="font:16px system-ui;margin:3em auto;max-width:30em">${text}</p>`, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" },
  });

/** mailRoutes answers mailed conversation links (a redirect with the token in the fragment) and serves the hosted chat page. */
export const mailRoutes = (ctx: AppContext) =>
  new Elysia()
    .get("/c/:token", async ({ params }) => {
      const target = await linkTarget(ctx, params.token);
      if (target.to === "gone") return page(404, "This link is not valid any more. Open the chat on the website to start a new conversation.");
      if (target.to === "site") return page(200, "Open the chat on the website where you wrote to us to see the conversation.");
      return new Response(null, { status: 302, headers: { location: target.location, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
    })
    .get("/chat/:key", async ({ params }) => {
      const key = await liveKey(ctx, params.key);
      // note: a key whose origins leave this server out would refuse the page's widget.
      if (!servesOrigin(key.allowedOrigins, pagesOrigin(ctx))) throw notFound("This widget key");
      return new Response(chatPage(ctx.mail.origin, key.workspace.name, key.key), { headers: PAGE_HEADERS });
    });
