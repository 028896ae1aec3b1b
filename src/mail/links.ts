// Mailed conversation links: `/c/<token>` reopens one conversation in the widget; the token is stored hashed.
import { and, eq, gt, sql } from "drizzle-orm";
import { mailLinks } from "../../db/schema";
import type { Db, Store } from "../../db/store";
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
