// Route table: console accounts (sign-in, setup link, invites, members). Pages live in pages.ts.
import { Elysia } from "elysia";
import type { AppContext } from "../../context";
import { AccountService } from "../../accounts/accounts";
import { sessionCookie, sessionValue } from "../../accounts/http";
import { closeSession, openSession, type ConsoleSession } from "../../accounts/sessions";
import { HttpError, noContent } from "../../lib/http-error";
import { limitKey } from "../../lib/address";
import { consoleGuard, roleIn } from "./guard";
import { AcceptBody, ForgotBody, InviteAnswer, MailNotifyBody, InviteBody, LinkInfo, LoginBody, Me, Members, ResetBody, SetupBody } from "./model";
import { useReset } from "../../accounts/password-reset";
import { ConsoleService } from "./service";

/** consoleRoutes serves the console's account API under /api/console. */
export function consoleRoutes(ctx: AppContext, accounts = new AccountService(ctx), service = new ConsoleService(ctx, accounts)) {
  /** signIn opens a session for userId, sets its cookie and answers who is signed in. */
  const signIn = async (userId: string, request: Request, set: { headers: Record<string, unknown> }) => {
    const opened = await openSession(ctx.store, userId, ctx.clock.now());
    set.headers["set-cookie"] = sessionCookie(ctx, request, opened.value);
    return service.meOf(userId, opened.csrfToken);
  };
  return new Elysia({ prefix: "/api/console" })
    .use(consoleGuard(ctx))
    .onAfterHandle(({ set }) => {
      set.headers["cache-control"] = "no-store";
    })
    .get("/me", ({ session }) => service.me(session), { signedIn: "read", response: { 200: Me } })
    .post("/login", async ({ body, request, set }) => signIn(await accounts.login(body.email, body.password, ctx.clientAddress(request)), request, set), {
      body: LoginBody,
      response: { 200: Me },
    })
    .post("/logout", async ({ request, set }) => {
      await closeSession(ctx.store, sessionValue(request)!);
      set.headers["set-cookie"] = sessionCookie(ctx, request, null);
      return noContent();
    }, { signedIn: "write" })
    .put("/me/mail-notify", async ({ body, session }) => {
      await service.setMailNotify(session.userId, body.on);
      return noContent();
    }, { signedIn: "write", body: MailNotifyBody })
    .post("/password/forgot", ({ body, request, status }) => {
      // note: by limitKey (an IPv6 client by its /64), so cycling addresses cannot open bucket after bucket in the shared limiter.
      const address = limitKey(ctx.clientAddress(request));
      ctx.limiter.hit(`forgot:${address}`, { max: 10, windowMs: 900_000 }, "password resets", address);
      service.forgot(body.email);
      return status(202, { ok: true });
    }, { body: ForgotBody })
    .post("/password/reset", async ({ body, request, set }) => signIn(await useReset(ctx.store, ctx.passwords, body.token, body.password, ctx.clock.now()), request, set), {
      body: ResetBody,
      response: { 200: Me },
    })
    .get("/links/:token", ({ params }) => service.link(params.token), { response: { 200: LinkInfo } })
    .post("/setup", async ({ body, request, set }) => signIn(await accounts.setup(body), request, set), { body: SetupBody, response: { 200: Me } })
    .post("/invites/accept", async ({ body, request, set }) => signIn(await accounts.acceptInvite(body, ctx.clientAddress(request)), request, set), {
      body: AcceptBody,
      response: { 200: Me },
    })
    .post("/invites", async ({ body, session, request, status }) => status(201, await service.invite(session, body, request)), {
      signedIn: "write",
      body: InviteBody,
      response: { 201: InviteAnswer },
    })
    .get("/workspaces/:id/members", ({ params, session }) => service.members(session, params.id), { signedIn: "read", response: { 200: Members } })
    .delete("/workspaces/:id/members/:userId", async ({ params, session }) => {
      await accounts.removeMember(params.id, params.userId, mustManage(session, params.id));
      return noContent();
    }, { signedIn: "write" });
}

function mustManage(session: ConsoleSession, workspaceId: string) {
  const role = roleIn(session, workspaceId);
  if (role === "operator") throw new HttpError(403, "forbidden", "Only owners and admins manage the team.");
  return role;
}
