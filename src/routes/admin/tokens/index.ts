// Route table: the admin API tokens that reach a workspace.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { WorkspaceParams } from "../shared";
import { TokenList, TokenParams } from "./model";
import { TokenService } from "./service";

/** tokenRoutes serves /workspaces/:id/tokens. */
export const tokenRoutes = (ctx: AppContext, auth: AdminAuth, service = new TokenService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/workspaces/:id/tokens", ({ operator, params }) => service.list(operator, params.id), { admin: true, params: WorkspaceParams, response: { 200: TokenList } })
    .delete("/workspaces/:id/tokens/:tokenId", async ({ operator, params, status }) => {
      await service.revoke(operator, params.id, params.tokenId);
      return status(204, null);
    }, { admin: true, params: TokenParams });
