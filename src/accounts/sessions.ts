// Console sign-in sessions: a random cookie value stored as its SHA-256, with a CSRF token beside it.
import { and, eq, gt, sql } from "drizzle-orm";
import { memberships, sessions, users } from "../../db/schema";
import type { Db, Store } from "../../db/store";
import { sha256Hex } from "../lib/crypto";
import { randomBase62 } from "../lib/ids";
import type { Role } from "./invites";

/** SESSION_COOKIE is the console's cookie name. */
export const SESSION_COOKIE = "woes_session";
/** SESSION_TTL_MS is how long a console session lasts. */
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;

/** ConsoleSession is a signed-in operator with its memberships. */
export interface ConsoleSession {
  userId: string;
  name: string;
  email: string;
  csrfToken: string;
  memberships: { workspaceId: string; role: Role }[];
}

/** openSession starts a session for userId and returns the cookie value and CSRF token. */
export async function openSession(store: Store, userId: string, now: number) {
  const value = randomBase62(43);
  const csrfToken = randomBase62(32);
  const tokenHash = await sha256Hex(value);
  await store.write((tx) => tx.insert(sessions).values({ tokenHash, userId, csrfToken, createdAt: now, expiresAt: now + SESSION_TTL_MS }).run());
  return { value, csrfToken };
}

/** closeSession ends the session behind a cookie value. */
export async function closeSession(store: Store, value: string) {
  const tokenHash = await sha256Hex(value);
  await store.write((tx) => tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run());
}

/** findSession returns the live session behind a cookie value, or null. */
export async function findSession(db: Db, value: string | undefined, now: number): Promise<ConsoleSession | null> {
  if (!value || value.length > 100) return null;
  const tokenHash = await sha256Hex(value);
  const row = await db
    .select({ userId: users.id, name: users.name, email: users.email, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`${now}`)))
    .get();
  if (!row) return null;
  const member = await db.select({ workspaceId: memberships.workspaceId, role: memberships.role }).from(memberships).where(eq(memberships.userId, row.userId)).all();
  return { ...row, memberships: member };
}
