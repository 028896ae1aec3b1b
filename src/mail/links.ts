// Mailed conversation links: `/c/<token>` reopens one conversation in the widget; the token is stored hashed.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { mailLinks, widgetKeys } from "../../db/schema";
import type { Db, Store } from "../../db/store";
import { servesOrigin } from "../domain/keys";
import { sha256Hex } from "../lib/crypto";
import { randomBase62 } from "../lib/ids";

/** LINK_TTL_MS is how long a mailed conversation link works. */
export const LINK_TTL_MS = 30 * 86_400_000;
/** RESUME_PARAM is the fragment parameter the widget reads to restore a mailed conversation. */
export const RESUME_PARAM = "woes_resume";
const TOKEN = /^[0-9A-Za-z]{32}$/;

/** createConversationLink stores a fresh link to conversationId (≈190 random bits) and returns its token. */
export async function createConversationLink(store: Store, conversationId: string, pageUrl: string | null, now: number): Promise<string> {
  const token = randomBase62(32);
  const tokenHash = await sha256Hex(token);
  await store.write((tx) => tx.insert(mailLinks).values({ tokenHash, conversationId, pageUrl, createdAt: now, expiresAt: now + LINK_TTL_MS }).run());
  return token;
}

/** findConversationLink returns the live link behind token, or null. */
export async function findConversationLink(db: Db, token: string, now: number) {
  if (!TOKEN.test(token)) return null;
  const row = await db.select().from(mailLinks).where(and(eq(mailLinks.tokenHash, await sha256Hex(token)), gt(mailLinks.expiresAt, sql`${now}`))).get();
  return row ?? null;
}

/** resumeUrl is where a link sends its reader: the conversation's page with the token in the fragment,
 *  which never reaches a server or a Referer. */
export function resumeUrl(pageUrl: string, token: string): string {
  const url = new URL(pageUrl);
  url.hash = `${RESUME_PARAM}=${token}`;
  return url.toString();
}

const liveKeys = (db: Db, workspaceId: string) =>
  db
    .select({ key: widgetKeys.key, kind: widgetKeys.kind, agentId: widgetKeys.agentId, origins: widgetKeys.allowedOrigins })
    .from(widgetKeys)
    .where(and(eq(widgetKeys.workspaceId, workspaceId), isNull(widgetKeys.revokedAt)))
    .orderBy(asc(widgetKeys.createdAt))
    .all();

/** allowedPage is pageUrl when a link may send its reader (and its token) there: an http(s) page on an origin
 *  that a live key of the workspace lists; else null. */
export async function allowedPage(db: Db, workspaceId: string, pageUrl: string | null): Promise<string | null> {
  if (!pageUrl || !URL.canParse(pageUrl) || !/^https?:$/.test(new URL(pageUrl).protocol)) return null;
  const origin = new URL(pageUrl).origin;
  // note: a key that lists no origins lets the widget run anywhere, but names no site of the owner's, so it allows
  // nothing here: otherwise any address a visitor typed as its page would become the link's redirect.
  return (await liveKeys(db, workspaceId)).some((k) => k.origins.includes(origin)) ? pageUrl : null;
}

/** hostedKey is the live key the chat page on this server (at serverOrigin) opens a conversation with: the
 *  conversation's agent's key, else a workspace key; one whose origins leave this server out would be refused. */
export async function hostedKey(db: Db, conversation: { workspaceId: string; agentId: string | null }, serverOrigin: string): Promise<string | null> {
  const usable = (await liveKeys(db, conversation.workspaceId)).filter((k) => servesOrigin(k.origins, serverOrigin));
  return (usable.find((k) => k.agentId !== null && k.agentId === conversation.agentId) ?? usable.find((k) => k.kind === "workspace"))?.key ?? null;
}
