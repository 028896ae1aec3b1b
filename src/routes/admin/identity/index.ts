// Route table: a workspace's identity secret.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { WorkspaceParams } from "../shared";
import { RotateBody, RotatedAnswer, SecretAnswer } from "./model";
import { IdentityService } from "./service";

/** identityRoutes serves /workspaces/:id/identity-secret. */
export const identityRoutes = (ctx: AppContext, auth: AdminAuth, service = new IdentityService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/workspaces/:id/identity-secret", ({ operator, params }) => service.reveal(operator, params.id), {
      admin: true,
      params: WorkspaceParams,
      response: { 200: SecretAnswer },
    })
    .post("/workspaces/:id/identity-secret/rotate", ({ operator, params, body }) => service.rotate(operator, params.id, body?.revokePrevious === true), {
      admin: true,
      params: WorkspaceParams,
      body: RotateBody,
      response: { 200: RotatedAnswer },
    });
