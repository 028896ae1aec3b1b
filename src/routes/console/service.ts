// Console account answers built from plain values: who is signed in, links, invites and members.
import { eq } from "drizzle-orm";
import { users } from "../../../db/schema";
import type { AppContext } from "../../context";
import { AccountService, alreadySetUp } from "../../accounts/accounts";
import { anyAccount, createInvite, findInvite, invitePath, linkKind } from "../../accounts/invites";
import type { ConsoleSession } from "../../accounts/sessions";
import { HttpError } from "../../lib/http-error";
import { requestOrigin } from "../../lib/origin";
import { roleIn } from "./guard";
import type { InviteBody, Me } from "./model";
import { iso } from "../../lib/text";
import { userByEmail } from "../../accounts/password-reset";

/** ConsoleService shapes account answers; the rules live in AccountService. */
export class ConsoleService {
  constructor(
    private ctx: AppContext,
    private accounts: AccountService,
  ) {}

  /** me answers GET /me for a session. */
  me(session: ConsoleSession): Promise<Me> {
    return this.meOf(session.userId, session.csrfToken, session);
  }

  /** meOf answers who userId is, its workspaces and the CSRF token. */
  async meOf(userId: string, csrfToken: string, session?: ConsoleSession): Promise<Me> {
    const memberships = await this.accounts.membershipsOf(userId);
    const user = session ? { id: session.userId, name: session.name, email: session.email } : await this.accounts.user(userId);
    return { user, memberships, csrfToken };
  }

  /** link tells the setup and invite pages what a link is for, or 404 when it is not live. */
  async link(token: string) {
    const invite = await findInvite(this.ctx.store.db, token, this.ctx.clock.now());
    if ((invite?.kind ?? (await linkKind(this.ctx.store.db, token))) === "setup" && (await anyAccount(this.ctx.store.db))) throw alreadySetUp();
    if (!invite) throw new HttpError(404, "invite_invalid", "This link is not valid any more: it was used already or it expired.");
    const out: { kind: "setup" | "invite"; role: typeof invite.role; expiresAt: string; workspaceName?: string } = {
      kind: invite.kind,
      role: invite.role,
      expiresAt: iso(invite.expiresAt),
    };
    if (invite.workspaceName) out.workspaceName = invite.workspaceName;
    return out;
  }

  /** invite makes a one-time link for workspaceId; owners invite anyone, admins invite operators only. */
  async invite(session: ConsoleSession, body: InviteBody, request: Request) {
    const role = roleIn(session, body.workspaceId);
    if (!AccountService.mayManage(role, body.role)) {
      throw new HttpError(403, "forbidden", role === "operator" ? "Only owners and admins invite people." : `Only an owner can invite ${body.role === "owner" ? "an owner" : "an admin"}.`);
    }
    const made = await createInvite(this.ctx.store, { kind: "invite", workspaceId: body.workspaceId, role: body.role }, this.ctx.clock.now());
    // note: the link is never mailed: it goes back to the signed-in owner or admin who asked (cookie and CSRF token,
    // so the Host is the one their own browser reached the console at) to copy and hand on, and nobody else sees it.
    return { url: `${requestOrigin(this.ctx.config, request)}${invitePath(made.token)}`, role: body.role, workspaceId: body.workspaceId, expiresAt: iso(made.expiresAt) };
  }

  /** members lists a workspace's team for one of its members. */
  async members(session: ConsoleSession, workspaceId: string) {
    roleIn(session, workspaceId);
    const members = await this.accounts.members(workspaceId);
    return { members: members.map((m) => ({ ...m, you: m.userId === session.userId })) };
  }

  /** forgot starts mailing a reset link when email is an account's (at most one a minute) and returns at once, so the
   *  caller learns nothing either way: not from the answer, nor from how long it takes. */
  forgot(email: string) {
    if (!this.ctx.mailer.enabled) return;
    // note: a timer, not a bare call, so not even the lookup runs before the answer is on its way.
    setTimeout(() => this.mailReset(email).catch((e) => this.ctx.log(`woes: password reset mail failed: ${(e as Error).message}`)), 0);
  }

  /** mailReset mails an account a one-time reset link on the server's own origin (kept and tried again while the
   *  link lives when the SMTP server does not take it). */
  private async mailReset(email: string) {
    const user = await userByEmail(this.ctx.store.db, email);
    if (user) await this.ctx.mail.outbox.mailReset(user);
  }

  /** setMailNotify turns new and waiting conversations by mail on or off for userId. */
  async setMailNotify(userId: string, on: boolean) {
    await this.ctx.store.write((tx) => tx.update(users).set({ mailNotify: on }).where(eq(users.id, userId)).run());
  }
}
