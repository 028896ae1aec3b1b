// Console accounts: the first owner from the setup link, sign-in, invites and workspace membership.
import { and, asc, eq } from "drizzle-orm";
import { conversations, memberships, users, workspaces } from "../../db/schema";
import type { Db } from "../../db/store";
import type { AppContext } from "../context";
import { insertWorkspace } from "../domain/workspaces";
import { sha256Hex } from "../lib/crypto";
import { HttpError } from "../lib/http-error";
import { newId } from "../lib/ids";
import { topics } from "../realtime/hub";
import { forgetEverywhere, publishToOperators } from "../realtime/publish";
import { anyAccount, consumeInvite, findInvite, voidSetupLinks, type Role } from "./invites";
import { LoginThrottle, type SignInOutcome } from "./throttle";

/** NewAccount is what the setup and invite forms send. */
export interface NewAccount {
  token: string;
  name: string;
  email: string;
  password: string;
  workspaceName?: string;
}

const linkInvalid = () => new HttpError(404, "invite_invalid", "This link is not valid any more: it was used already or it expired.");
/** alreadySetUp answers a setup link once any account exists: setup happens once per install. */
export const alreadySetUp = () => new HttpError(404, "already_set_up", "This console is already set up: sign in instead.");
const badCredentials = () => new HttpError(401, "invalid_credentials", "The email or password is not right.");
/** normalizeEmail is how emails are compared: trimmed, lowercase. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** AccountService holds the account rules; it never sees the request. */
export class AccountService {
  private throttle: LoginThrottle;
  private dummyHash: Promise<string> | null = null;
  constructor(private ctx: AppContext) {
    this.throttle = new LoginThrottle(() => ctx.clock.now());
    // note: with other instances (Postgres), failed sign-ins lock a pair on every instance.
    const broadcast = ctx.hub.broadcast?.bind(ctx.hub);
    if (broadcast) {
      this.throttle.share = (outcome) => broadcast(topics.signIns, outcome);
      ctx.hub.subscribe<SignInOutcome>(topics.signIns, (outcome) => this.throttle.absorb(outcome));
    }
  }

  /** setup creates the owner from a setup link: owner of every workspace, the first one renamed if asked.
   *  Refused once any account exists; creating the owner voids every other setup link. */
  async setup(input: NewAccount): Promise<string> {
    const now = this.ctx.clock.now();
    if (await anyAccount(this.ctx.store.db)) throw alreadySetUp();
    const invite = await findInvite(this.ctx.store.db, input.token, now);
    if (!invite || invite.kind !== "setup") throw linkInvalid();
    const email = normalizeEmail(input.email);
    await this.ensureEmailFree(email);
    const passwordHash = await this.ctx.passwords.hash(input.password);
    const userId = newId("usr");
    const rename = input.workspaceName?.trim();
    await this.ctx.store.write(async (tx) => {
      // note: checked again inside the write, so of two concurrent setups only the first makes an owner.
      if (await anyAccount(tx)) throw alreadySetUp();
      if (!await consumeInvite(tx, invite.tokenHash, now)) throw linkInvalid();
      await voidSetupLinks(tx, now);
      await insertUser(tx, { id: userId, email, name: input.name.trim(), passwordHash, createdAt: now });
      const all = await tx.select({ id: workspaces.id }).from(workspaces).orderBy(asc(workspaces.createdAt)).all();
      if (all.length === 0) all.push((await insertWorkspace(tx, rename || "My workspace", now)).workspace);
      else if (rename) await tx.update(workspaces).set({ name: rename }).where(eq(workspaces.id, all[0]!.id)).run();
      for (const w of all) await tx.insert(memberships).values({ userId, workspaceId: w.id, role: "owner" }).run();
    });
    forgetEverywhere(this.ctx, { keys: true });
    return userId;
  }

  /** login checks a password under the sign-in throttle and returns the user id. */
  async login(emailInput: string, password: string, address: string): Promise<string> {
    const email = normalizeEmail(emailInput);
    // note: the attempt is reserved before the slow hash, so concurrent guesses cannot all be checked.
    const end = this.throttle.begin(email, address);
    let ok = false;
    let userId: string | undefined;
    try {
      const user = await this.ctx.store.db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, email)).get();
      // note: an unknown email costs a hash too, so timing does not tell which emails exist.
      ok = user ? await this.ctx.passwords.verify(password, user.passwordHash) : await this.burn(password);
      userId = user?.id;
    } finally {
      end(ok);
    }
    if (!ok || !userId) throw badCredentials();
    return userId;
  }

  /** acceptInvite joins the invite's workspace: a new account, or an existing one proven by its password. */
  async acceptInvite(input: NewAccount, address: string): Promise<string> {
    const now = this.ctx.clock.now();
    const invite = await findInvite(this.ctx.store.db, input.token, now);
    if (!invite || invite.kind !== "invite" || !invite.workspaceId) throw linkInvalid();
    const email = normalizeEmail(input.email);
    const existing = await this.ctx.store.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    const userId = existing ? await this.login(email, input.password, address) : newId("usr");
    const passwordHash = existing ? null : await this.ctx.passwords.hash(input.password);
    await this.ctx.store.write(async (tx) => {
      if (!await consumeInvite(tx, invite.tokenHash, now)) throw linkInvalid();
      if (passwordHash) await insertUser(tx, { id: userId, email, name: input.name.trim(), passwordHash, createdAt: now });
      await tx.insert(memberships).values({ userId, workspaceId: invite.workspaceId!, role: invite.role }).onConflictDoNothing().run();
    });
    return userId;
  }

  /** mayManage tells whether a member with role `by` may invite someone as, or remove, a member with `role`:
   *  owners manage everyone, admins operators only (never fellow admins or owners), operators nobody. */
  static mayManage(by: Role, role: Role): boolean {
    if (by === "owner") return true;
    return by === "admin" && role === "operator";
  }

  /** members lists a workspace's members, oldest first. */
  async members(workspaceId: string) {
    return await this.ctx.store.db
      .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.workspaceId, workspaceId))
      .orderBy(asc(users.createdAt))
      .all();
  }

  /** removeMember takes a member out of a workspace; the last owner stays (checked in the deleting transaction). Its
   *  conversations there go back to Unassigned (an assignee is a member or no one), and operators hear of each. */
  async removeMember(workspaceId: string, userId: string, by: Role) {
    await this.ctx.store.write(async (tx) => {
      const owners = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner"))).all();
      const target = await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId))).get();
      if (!target) throw new HttpError(404, "member_not_found", "No such member in this workspace.");
      if (!AccountService.mayManage(by, target.role)) throw new HttpError(403, "forbidden", `Only an owner can remove ${target.role === "owner" ? "an owner" : "an admin"}.`);
      if (target.role === "owner" && owners.length === 1) throw new HttpError(409, "last_owner", "A workspace keeps at least one owner.");
      await tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId))).run();
      const unassigned = await tx.update(conversations).set({ assigneeId: null }).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.assigneeId, userId))).returning().all();
      for (const conversation of unassigned) publishToOperators(this.ctx, conversation);
    });
  }

  /** user returns a user's public profile. */
  async user(userId: string) {
    const row = await this.ctx.store.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId)).get();
    if (!row) throw new HttpError(401, "unauthorized", "Sign in to the console first.");
    return row;
  }

  /** membershipsOf lists a user's workspaces with their names and the user's role. */
  async membershipsOf(userId: string) {
    return await this.ctx.store.db
      .select({ workspaceId: workspaces.id, workspaceName: workspaces.name, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(workspaces.createdAt))
      .all();
  }

  private async ensureEmailFree(email: string) {
    if (await this.ctx.store.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) throw emailTaken();
  }

  private async burn(password: string): Promise<false> {
    this.dummyHash ??= this.ctx.passwords.hash(await sha256Hex(String(Math.random())));
    await this.ctx.passwords.verify(password, await this.dummyHash);
    return false;
  }
}

const emailTaken = () => new HttpError(409, "email_taken", "An account with this email exists already.", "email");

/** insertUser adds an account inside a transaction; an email taken meanwhile (a concurrent sign-up) is a 409, not a constraint error. */
async function insertUser(tx: Db, row: typeof users.$inferInsert) {
  if (await tx.select({ id: users.id }).from(users).where(eq(users.email, row.email)).get()) throw emailTaken();
  await tx.insert(users).values(row).run();
}
