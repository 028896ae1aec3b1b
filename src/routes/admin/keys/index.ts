// Route table: the widget keys of a workspace.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { noContent } from "../../../lib/http-error";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { WorkspaceParams } from "../shared";
import { CreatedKey, CreateKeyBody, KeyAnswer, KeyList, KeyParams, UpdateKeyBody } from "./model";
import { KeyService } from "./service";

/** keyRoutes serves /workspaces/:id/keys: list, create, change origins, revoke. */
export const keyRoutes = (ctx: AppContext, auth: AdminAuth, service = new KeyService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/workspaces/:id/keys", ({ operator, params }) => service.list(operator, params.id), { admin: true, params: WorkspaceParams, response: { 200: KeyList } })
    .post("/workspaces/:id/keys", async ({ operator, params, body, status }) => status(201, await service.create(operator, params.id, body)), {
      admin: true,
      params: WorkspaceParams,
      body: CreateKeyBody,
      response: { 201: CreatedKey },
    })
    .patch("/workspaces/:id/keys/:key", ({ operator, params, body }) => service.update(operator, params.id, params.key, body), {
      admin: true,
      params: KeyParams,
      body: UpdateKeyBody,
      response: { 200: KeyAnswer },
    })
    .delete("/workspaces/:id/keys/:key", async ({ operator, params }) => {
      await service.revoke(operator, params.id, params.key);
      return noContent();
    }, { admin: true, params: KeyParams });
