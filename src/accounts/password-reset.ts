// Password reset links: one use, one hour, stored as their SHA-256; using one ends every session of the account.
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { passwordResets, sessions, users } from "../../db/schema";
import type { Db, Store } from "../../db/store";
import { sha256Hex } from "../lib/crypto";
import { HttpError } from "../lib/http-error";
import { randomBase62 } from "../lib/ids";
import type { Passwords } from "../lib/password";

/** RESET_TTL_MS is how long a password reset link works. */
export const RESET_TTL_MS = 3_600_000;
/** resetPath is the console page of a reset link. */
export const resetPath = (token: string) => `/admin/reset/${token}`;

const linkInvalid = () => new HttpError(404, "reset_invalid", "This reset link is not valid any more: it was used already or it expired.", "token");

/** userByEmail finds an account by its (normalized) email. */
export async function userByEmail(db: Db, email: string) {
  return (await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email.trim().toLowerCase())).get()) ?? null;
}

/** Reset is a reset link as made: its token (shown once, never stored) and the token's hash (what is stored). */
export type Reset = { token: string; tokenHash: string };

/** createReset stores a reset link for userId and returns its token (shown once) and hash; with quietMs, none (null) when
 *  one was made within that time, so a form cannot flood a mailbox; with mailDueAt, its mail is due then and the
 *  account's other links are mailed no more (one pending mail per account).
 *  note: the check and the insert are one write, so requests arriving together make one link, not one each. */
export async function createReset(store: Store, userId: string, now: number): Promise<Reset>;
export async function createReset(store: Store, userId: string, now: number, quietMs: number, mailDueAt?: number): Promise<Reset | null>;
export async function createReset(store: Store, userId: string, now: number, quietMs = 0, mailDueAt?: number): Promise<Reset | null> {
  const token = randomBase62(32);
  const tokenHash = await sha256Hex(token);
  const made = await store.write(async (tx) => {
    if (quietMs > 0 && await tx.select({ at: passwordResets.createdAt }).from(passwordResets).where(and(eq(passwordResets.userId, userId), gt(passwordResets.createdAt, now - quietMs))).get()) return false;
    // note: a pending link is left to expire, not deleted: a send of it may be under way, and if the server takes
    // that one its link must work.
    if (mailDueAt !== undefined) await tx.update(passwordResets).set({ mailDueAt: null }).where(and(eq(passwordResets.userId, userId), isNotNull(passwordResets.mailDueAt))).run();
    await tx.insert(passwordResets).values({ tokenHash, userId, createdAt: now, expiresAt: now + RESET_TTL_MS, mailDueAt: mailDueAt ?? null }).run();
    return true;
  });
  return made ? { token, tokenHash } : null;
}

/** remintReset gives the pending link tokenHash, still due at dueAt and unused, a new token (same expiry) and
 *  claims its mail until claimUntil; returns the new token and hash, or null when another send claimed it first. */
export async function remintReset(store: Store, tokenHash: string, dueAt: number, claimUntil: number) {
  const token = randomBase62(32);
  const next = await sha256Hex(token);
  const live = and(eq(passwordResets.tokenHash, tokenHash), eq(passwordResets.mailDueAt, dueAt), isNull(passwordResets.usedAt));
  const claimed = await store.write((tx) => tx.update(passwordResets).set({ tokenHash: next, mailDueAt: claimUntil }).where(live).returning({ at: passwordResets.mailDueAt }).all());
  return claimed.length > 0 ? { token, tokenHash: next } : null;
}

/** useReset sets a new password through a live link, uses it up and ends every session of the account; returns the user id. */
export async function useReset(store: Store, passwords: Passwords, token: string, password: string, now: number): Promise<string> {
  if (!/^[0-9A-Za-z]{32}$/.test(token)) throw linkInvalid();
  const tokenHash = await sha256Hex(token);
  const live = await store.db.select({ userId: passwordResets.userId }).from(passwordResets).where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, sql`${now}`))).get();
  if (!live) throw linkInvalid();
  const passwordHash = await passwords.hash(password);
  await store.write(async (tx) => {
    // note: used up inside the write, so of two concurrent uses only the first sets a password.
    const used = await tx.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt))).returning({ userId: passwordResets.userId }).all();
    if (used.length === 0) throw linkInvalid();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, live.userId)).run();
    await tx.delete(sessions).where(eq(sessions.userId, live.userId)).run();
    // note: every other link of the account dies with this one.
    await tx.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, live.userId), isNull(passwordResets.usedAt))).run();
  });
  return live.userId;
}
