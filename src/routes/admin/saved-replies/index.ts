// Route table: a workspace's saved replies.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { noContent } from "../../../lib/http-error";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { WorkspaceParams } from "../shared";
import { CreateSavedReplyBody, SavedReplyAnswer, SavedReplyList, SavedReplyParams, UpdateSavedReplyBody } from "./model";
import { SavedReplyService } from "./service";

/** savedReplyRoutes serves /workspaces/:id/saved-replies. */
export const savedReplyRoutes = (ctx: AppContext, auth: AdminAuth, service = new SavedReplyService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/workspaces/:id/saved-replies", ({ operator, params }) => service.list(operator, params.id), { admin: true, params: WorkspaceParams, response: { 200: SavedReplyList } })
    .post("/workspaces/:id/saved-replies", async ({ operator, params, body, status }) => status(201, await service.create(operator, params.id, body)), {
      admin: true,
      params: WorkspaceParams,
      body: CreateSavedReplyBody,
      response: { 201: SavedReplyAnswer },
    })
    .patch("/workspaces/:id/saved-replies/:replyId", ({ operator, params, body }) => service.update(operator, params.id, params.replyId, body), {
      admin: true,
      params: SavedReplyParams,
      body: UpdateSavedReplyBody,
      response: { 200: SavedReplyAnswer },
    })
    .delete("/workspaces/:id/saved-replies/:replyId", async ({ operator, params }) => {
      await service.remove(operator, params.id, params.replyId);
      return noContent();
    }, { admin: true, params: SavedReplyParams });
