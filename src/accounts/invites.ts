// One-time links: the first-run setup link and operator invites, stored as their SHA-256 only.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { invites, users, workspaces } from "../../db/schema";
import type { Db, Store } from "../../db/store";
import { sha256Hex } from "../lib/crypto";
import { randomBase62 } from "../lib/ids";

/** Role is what a console user or admin token may do in a workspace: owner > admin > operator. */
export type Role = "owner" | "admin" | "operator";
/** InviteRow is a stored one-time link. */
export type InviteRow = typeof invites.$inferSelect;

/** SETUP_TTL_MS is how long the first-run setup link stays valid. */
export const SETUP_TTL_MS = 24 * 3_600_000;
/** INVITE_TTL_MS is how long an operator invite stays valid. */
export const INVITE_TTL_MS = 7 * 24 * 3_600_000;

/** createInvite stores a one-time link and returns its token (shown once). */
export async function createInvite(store: Store, opts: { kind: "setup" | "invite"; workspaceId?: string; role: Role }, now: number) {
  const minted = await mintInvite(opts, now);
  await store.write((tx) => minted.insert(tx));
  return { token: minted.token, expiresAt: minted.expiresAt };
}

/** mintInvite makes a one-time link and its hash; insert stores it inside a transaction the caller holds. */
export async function mintInvite(opts: { kind: "setup" | "invite"; workspaceId?: string; role: Role }, now: number) {
  const token = randomBase62(32);
  const expiresAt = now + (opts.kind === "setup" ? SETUP_TTL_MS : INVITE_TTL_MS);
  const row = { tokenHash: await sha256Hex(token), kind: opts.kind, workspaceId: opts.workspaceId ?? null, role: opts.role, createdAt: now, expiresAt };
  return { token, expiresAt, insert: (tx: Db) => tx.insert(invites).values(row).run() };
}

/** setupPath is the console path of a setup link; invitePath that of an invite. */
export const setupPath = (token: string) => `/admin/setup/${token}`;
export const invitePath = (token: string) => `/admin/invite/${token}`;

/** findInvite returns the live (unused, unexpired) link behind token, with its workspace name, or null. */
export async function findInvite(db: Db, token: string, now: number) {
  if (!/^[0-9A-Za-z]{32}$/.test(token)) return null;
  const row = await db
    .select({ invite: invites, workspaceName: workspaces.name })
    .from(invites)
    .leftJoin(workspaces, eq(workspaces.id, invites.workspaceId))
    .where(and(eq(invites.tokenHash, await sha256Hex(token)), isNull(invites.usedAt), gt(invites.expiresAt, sql`${now}`)))
    .get();
  return row ? { ...row.invite, workspaceName: row.workspaceName } : null;
}

/** linkKind tells what a link was made for, used or expired alike, or null when it never existed. */
export async function linkKind(db: Db, token: string) {
  if (!/^[0-9A-Za-z]{32}$/.test(token)) return null;
  const row = await db.select({ kind: invites.kind }).from(invites).where(eq(invites.tokenHash, await sha256Hex(token))).get();
  return row?.kind ?? null;
}

/** consumeInvite marks the link used inside a write transaction; false when someone used it first. */
export async function consumeInvite(tx: Db, tokenHash: string, now: number): Promise<boolean> {
  const used = await tx
    .update(invites)
    .set({ usedAt: now })
    .where(and(eq(invites.tokenHash, tokenHash), isNull(invites.usedAt), gt(invites.expiresAt, sql`${now}`)))
    .returning({ tokenHash: invites.tokenHash })
    .all();
  return used.length === 1;
}

/** voidSetupLinks marks every unused setup link used, inside the transaction that creates the owner. */
export async function voidSetupLinks(tx: Db, now: number) {
  await tx.update(invites).set({ usedAt: now }).where(and(eq(invites.kind, "setup"), isNull(invites.usedAt))).run();
}

/** anyAccount tells whether any console account exists (then no setup link works). */
export async function anyAccount(db: Db): Promise<boolean> {
  return await db.select({ id: users.id }).from(users).limit(1).get() !== undefined;
}
