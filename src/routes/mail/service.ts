// Where a mailed conversation link takes its reader: the visitor's page when the owner listed its origin,
// else the chat page this server hosts, so the link's token never reaches an address a visitor typed.
import { eq } from "drizzle-orm";
import { conversations } from "../../../db/schema";
import type { AppContext } from "../../context";
import { serverOrigin } from "../../lib/origin";
import { allowedPage, findConversationLink, hostedKey, RESUME_PARAM, resumeUrl } from "../../mail/links";

/** LinkTarget is where /c/:token sends its reader: a listed page, this server's chat page, nowhere (a short page) or gone. */
export type LinkTarget = { to: "page"; location: string } | { to: "chat"; location: string } | { to: "site" } | { to: "gone" };

/** pagesOrigin is the origin of this server's own pages (the one mailed links name, without a --public-url path). */
export const pagesOrigin = (ctx: AppContext) => new URL(serverOrigin(ctx.config)).origin;

/** linkTarget decides, at each visit, where the link behind token leads. */
export async function linkTarget(ctx: AppContext, token: string): Promise<LinkTarget> {
  const db = ctx.store.db;
  const link = await findConversationLink(db, token, ctx.clock.now());
  const conversation = link && (await db.select({ workspaceId: conversations.workspaceId, agentId: conversations.agentId }).from(conversations).where(eq(conversations.id, link.conversationId)).get());
  if (!link || !conversation) return { to: "gone" };
  // note: checked again here, not only when mailing: a key revoked or an origin taken off its list since then stops the redirect.
  const page = await allowedPage(db, conversation.workspaceId, link.pageUrl);
  if (page) return { to: "page", location: resumeUrl(page, token) };
  const key = await hostedKey(db, conversation, pagesOrigin(ctx));
  // note: relative, so the token stays on the origin that served the link.
  return key ? { to: "chat", location: `/chat/${encodeURIComponent(key)}#${RESUME_PARAM}=${token}` } : { to: "site" };
}
