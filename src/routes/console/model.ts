// Console account schemas: sign-in, the setup and invite forms, invites and members.
import * as v from "valibot";

const Email = v.pipe(v.string(), v.trim(), v.minLength(3, "an email address"), v.maxLength(254), v.email("an email address"));
const Password = v.pipe(v.string(), v.minLength(10, "at least 10 characters"), v.maxLength(200, "at most 200 characters"));
const Name = v.pipe(v.string(), v.trim(), v.minLength(1, "a name"), v.maxLength(120));
const Token = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const Role = v.picklist(["owner", "admin", "operator"], "owner, admin or operator");

/** LoginBody: email and password (any length, so a wrong guess is a 401, not a 422). */
export const LoginBody = v.object({ email: v.pipe(v.string(), v.maxLength(254)), password: v.pipe(v.string(), v.maxLength(200)) });
export type LoginBody = v.InferOutput<typeof LoginBody>;

/** SetupBody: the owner's account from the first-run link, maybe naming the workspace. */
export const SetupBody = v.object({
  token: Token,
  name: Name,
  email: Email,
  password: Password,
  workspaceName: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
});
export type SetupBody = v.InferOutput<typeof SetupBody>;

/** AcceptBody: an invited operator's account (or an existing one's password). */
export const AcceptBody = v.object({ token: Token, name: Name, email: Email, password: Password });
export type AcceptBody = v.InferOutput<typeof AcceptBody>;

/** InviteBody: who may join which workspace. */
export const InviteBody = v.object({ workspaceId: v.pipe(v.string(), v.maxLength(64)), role: Role });
export type InviteBody = v.InferOutput<typeof InviteBody>;

/** Me is the signed-in operator, its workspaces and the CSRF token for state changes. */
export const Me = v.object({
  user: v.object({ id: v.string(), name: v.string(), email: v.string() }),
  memberships: v.array(v.object({ workspaceId: v.string(), workspaceName: v.string(), role: Role })),
  csrfToken: v.string(),
});
export type Me = v.InferOutput<typeof Me>;

/** LinkInfo tells the setup and invite pages what a link is for (no secrets). */
export const LinkInfo = v.object({ kind: v.picklist(["setup", "invite"]), role: Role, workspaceName: v.optional(v.string()), expiresAt: v.string() });

/** InviteAnswer is the one-time link, shown once. */
export const InviteAnswer = v.object({ url: v.string(), role: Role, workspaceId: v.string(), expiresAt: v.string() });

/** Members lists a workspace's members. */
export const Members = v.object({ members: v.array(v.object({ userId: v.string(), name: v.string(), email: v.string(), role: Role, you: v.boolean() })) });

/** ForgotBody: the address a reset link is mailed to, when it is an account's. */
export const ForgotBody = v.object({ email: v.pipe(v.string(), v.maxLength(254)) });
export type ForgotBody = v.InferOutput<typeof ForgotBody>;

/** ResetBody: a reset link's token and the new password. */
export const ResetBody = v.object({ token: Token, password: Password });
export type ResetBody = v.InferOutput<typeof ResetBody>;

/** MailNotifyBody: whether the signed-in operator gets new and waiting conversations by mail. */
export const MailNotifyBody = v.object({ on: v.boolean() });
export type MailNotifyBody = v.InferOutput<typeof MailNotifyBody>;

/** PasswordChangeBody: the current password and the new one. */
export const PasswordChangeBody = v.object({ currentPassword: v.pipe(v.string(), v.maxLength(200)), password: Password });

/** EmailChangeBody: the current password and the new email. */
export const EmailChangeBody = v.object({ currentPassword: v.pipe(v.string(), v.maxLength(200)), email: Email });

/** RoleBody: a member's new role. */
export const RoleBody = v.object({ role: Role });

/** AccountAnswer is the signed-in operator's own settings. */
export const AccountAnswer = v.object({ name: v.string(), email: v.string(), mailNotify: v.boolean(), sessions: v.number(), mailEnabled: v.boolean() });

/** PendingInvites lists invites not used yet, never their tokens. */
export const PendingInvites = v.object({ invites: v.array(v.object({ id: v.string(), role: Role, createdAt: v.string(), expiresAt: v.string() })) });
