// Route table: workspaces (list, create, read, rename and settings).
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { WorkspaceParams } from "../shared";
import { CreatedWorkspace, CreateWorkspaceBody, UpdateWorkspaceBody, WorkspaceAnswer, WorkspaceList } from "./model";
import { WorkspaceService } from "./service";

/** workspaceRoutes serves /workspaces for operators. */
export const workspaceRoutes = (ctx: AppContext, auth: AdminAuth, service = new WorkspaceService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/workspaces", ({ operator }) => service.list(operator), { admin: true, response: { 200: WorkspaceList } })
    .post("/workspaces", async ({ operator, body, status }) => status(201, await service.create(operator, body)), {
      admin: true,
      body: CreateWorkspaceBody,
      response: { 201: CreatedWorkspace },
    })
    .get("/workspaces/:id", ({ operator, params }) => service.get(operator, params.id), { admin: true, params: WorkspaceParams, response: { 200: WorkspaceAnswer } })
    .patch("/workspaces/:id", ({ operator, params, body }) => service.update(operator, params.id, body), {
      admin: true,
      params: WorkspaceParams,
      body: UpdateWorkspaceBody,
      response: { 200: WorkspaceAnswer },
    });
