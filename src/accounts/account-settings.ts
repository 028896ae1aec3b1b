// What a signed-in operator changes about the account (password, email, other sessions), and what owners and
// admins change about the team (roles, pending invites). Every change of password or email re-checks the password.
import { and, asc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { invites, memberships, sessions, users } from "../../db/schema";
import type { AppContext } from "../context";
import { sha256Hex } from "../lib/crypto";
import { HttpError } from "../lib/http-error";
import { AccountService, normalizeEmail } from "./accounts";
import type { Role } from "./invites";

const invalidCurrent = () => new HttpError(401, "invalid_credentials", "The current password is not right.", "currentPassword");
/** inviteId is an invite's public handle: a prefix of its stored hash, never the token. */
const inviteId = (tokenHash: string) => tokenHash.slice(0, 20);

/** AccountSettings holds the account and team changes; it never sees the request. */
export class AccountSettings {
  constructor(
    private ctx: AppContext,
    private accounts: AccountService,
  ) {}

  // note: the sign-in check (throttle included) proves the current password; a wrong one is a 401 on that field.
  private async reauthenticate(userId: string, email: string, password: string, address: string) {
    try {
      if ((await this.accounts.login(email, password, address)) !== userId) throw invalidCurrent();
    } catch (e) {
      throw (e as HttpError).code === "invalid_credentials" ? invalidCurrent() : e;
    }
  }

  /** account answers the signed-in operator's own settings. */
  async account(userId: string) {
    const row = await this.ctx.store.db.select({ name: users.name, email: users.email, mailNotify: users.mailNotify }).from(users).where(eq(users.id, userId)).get();
    const open = await this.ctx.store.db.select({ n: sql<number>`count(*)` }).from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`${this.ctx.clock.now()}`))).get();
    return { ...row!, sessions: Number(open?.n ?? 0), mailEnabled: this.ctx.mailer.enabled };
  }

  /** changePassword sets a new password after checking the current one, and ends every other session. */
  async changePassword(userId: string, email: string, current: string, next: string, keepSession: string, address: string) {
    await this.reauthenticate(userId, email, current, address);
    const passwordHash = await this.ctx.passwords.hash(next);
    const keep = await sha256Hex(keepSession);
    await this.ctx.store.write(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
      await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keep))).run();
    });
  }

  /** changeEmail moves the account to a new email after checking the password; 409 when another account has it. */
  async changeEmail(userId: string, email: string, current: string, nextEmail: string, address: string) {
    await this.reauthenticate(userId, email, current, address);
    const next = normalizeEmail(nextEmail);
    await this.ctx.store.write(async (tx) => {
      const taken = await tx.select({ id: users.id }).from(users).where(eq(users.email, next)).get();
      if (taken && taken.id !== userId) throw new HttpError(409, "email_taken", "An account with this email exists already.", "email");
      await tx.update(users).set({ email: next }).where(eq(users.id, userId)).run();
    });
    return next;
  }

  /** endOtherSessions signs the account out everywhere but the session behind keepSession; returns how many ended. */
  async endOtherSessions(userId: string, keepSession: string) {
    const keep = await sha256Hex(keepSession);
    return this.ctx.store.write(async (tx) => (await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keep))).returning({ h: sessions.tokenHash }).all()).length);
  }

  /** setRole changes a member's role (owners only); the last owner stays an owner. */
  async setRole(workspaceId: string, userId: string, role: Role) {
    await this.ctx.store.write(async (tx) => {
      const target = await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId))).get();
      if (!target) throw new HttpError(404, "member_not_found", "No such member in this workspace.");
      const owners = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner"))).all();
      if (target.role === "owner" && role !== "owner" && owners.length === 1) throw new HttpError(409, "last_owner", "A workspace keeps at least one owner.");
      await tx.update(memberships).set({ role }).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId))).run();
    });
  }

  /** pendingInvites lists a workspace's unused, unexpired invites (never their tokens). */
  async pendingInvites(workspaceId: string) {
    const rows = await this.ctx.store.db
      .select({ tokenHash: invites.tokenHash, role: invites.role, createdAt: invites.createdAt, expiresAt: invites.expiresAt })
      .from(invites)
      .where(and(eq(invites.workspaceId, workspaceId), eq(invites.kind, "invite"), isNull(invites.usedAt), gt(invites.expiresAt, sql`${this.ctx.clock.now()}`)))
      .orderBy(asc(invites.createdAt))
      .all();
    return rows.map((r) => ({ id: inviteId(r.tokenHash), role: r.role, createdAt: new Date(r.createdAt).toISOString(), expiresAt: new Date(r.expiresAt).toISOString() }));
  }

  /** revokeInvite voids a pending invite, if `by` may manage its role. */
  async revokeInvite(workspaceId: string, id: string, by: Role) {
    const pending = await this.pendingInvites(workspaceId);
    const found = pending.find((i) => i.id === id);
    if (!found) throw new HttpError(404, "invite_not_found", "No such pending invite.");
    if (!AccountService.mayManage(by, found.role)) throw new HttpError(403, "forbidden", `Only an owner can revoke an invite for ${found.role === "owner" ? "an owner" : "an admin"}.`);
    await this.ctx.store.write((tx) =>
      tx.update(invites).set({ usedAt: this.ctx.clock.now() }).where(and(eq(invites.workspaceId, workspaceId), sql`substr(${invites.tokenHash}, 1, 20) = ${id}`, isNull(invites.usedAt))).run(),
    );
  }
}
