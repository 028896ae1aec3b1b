// Route table: the signed-in operator's account (password, email, sessions, mail notices) and team changes
// (member roles, pending invites).
import { Elysia } from "elysia";
import * as v from "valibot";
import type { AppContext } from "../../context";
import { AccountSettings } from "../../accounts/account-settings";
import type { AccountService } from "../../accounts/accounts";
import { sessionValue } from "../../accounts/http";
import type { ConsoleSession } from "../../accounts/sessions";
import { HttpError, noContent } from "../../lib/http-error";
import { consoleGuard, roleIn } from "./guard";
import { AccountAnswer, EmailChangeBody, PasswordChangeBody, PendingInvites, RoleBody } from "./model";

const Params = v.object({ id: v.pipe(v.string(), v.maxLength(64)), userId: v.optional(v.pipe(v.string(), v.maxLength(64))), inviteId: v.optional(v.pipe(v.string(), v.maxLength(64))) });

/** accountRoutes serves /api/console/me/* account changes and the team's roles and invites. */
export function accountRoutes(ctx: AppContext, accounts: AccountService, settings = new AccountSettings(ctx, accounts)) {
  return new Elysia({ prefix: "/api/console" })
    .use(consoleGuard(ctx))
    .get("/me/account", ({ session }) => settings.account(session.userId), { signedIn: "read", response: { 200: AccountAnswer } })
    .post("/me/password", async ({ body, session, request }) => {
      await settings.changePassword(session.userId, session.email, body.currentPassword, body.password, sessionValue(request)!, ctx.clientAddress(request));
      return noContent();
    }, { signedIn: "write", body: PasswordChangeBody })
    .post("/me/email", async ({ body, session, request }) => ({ email: await settings.changeEmail(session.userId, session.email, body.currentPassword, body.email, ctx.clientAddress(request)) }), {
      signedIn: "write",
      body: EmailChangeBody,
    })
    .post("/me/sessions/end-others", async ({ session, request }) => ({ ended: await settings.endOtherSessions(session.userId, sessionValue(request)!) }), { signedIn: "write" })
    .patch("/workspaces/:id/members/:userId", async ({ params, body, session }) => {
      ownerOnly(session, params.id);
      await settings.setRole(params.id, params.userId!, body.role);
      return noContent();
    }, { signedIn: "write", params: Params, body: RoleBody })
    .get("/workspaces/:id/invites", async ({ params, session }) => (manager(session, params.id), { invites: await settings.pendingInvites(params.id) }), {
      signedIn: "read",
      params: Params,
      response: { 200: PendingInvites },
    })
    // note: a POST with a JSON body, not a bodiless DELETE, which Deno's server hands Elysia as an untyped stream (415).
    .post("/workspaces/:id/invites/:inviteId/revoke", async ({ params, session }) => {
      await settings.revokeInvite(params.id, params.inviteId!, manager(session, params.id));
      return noContent();
    }, { signedIn: "write", params: Params });
}

function ownerOnly(session: ConsoleSession, workspaceId: string) {
  if (roleIn(session, workspaceId) !== "owner") throw new HttpError(403, "forbidden", "Only owners change roles.");
}

function manager(session: ConsoleSession, workspaceId: string) {
  const role = roleIn(session, workspaceId);
  if (role === "operator") throw new HttpError(403, "forbidden", "Only owners and admins manage the team.");
  return role;
}
