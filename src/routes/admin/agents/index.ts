// Route table: the agents of a workspace.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { WorkspaceParams } from "../shared";
import { AgentAnswer, AgentList, AgentParams, CreateAgentBody, UpdateAgentBody } from "./model";
import { AgentService } from "./service";

/** agentRoutes serves /workspaces/:id/agents. */
export const agentRoutes = (ctx: AppContext, auth: AdminAuth, service = new AgentService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/workspaces/:id/agents", ({ operator, params }) => service.list(operator, params.id), { admin: true, params: WorkspaceParams, response: { 200: AgentList } })
    .post("/workspaces/:id/agents", async ({ operator, params, body, status }) => status(201, await service.create(operator, params.id, body)), {
      admin: true,
      params: WorkspaceParams,
      body: CreateAgentBody,
      response: { 201: AgentAnswer },
    })
    .patch("/workspaces/:id/agents/:agentId", ({ operator, params, body }) => service.update(operator, params.id, params.agentId, body), {
      admin: true,
      params: AgentParams,
      body: UpdateAgentBody,
      response: { 200: AgentAnswer },
    });
