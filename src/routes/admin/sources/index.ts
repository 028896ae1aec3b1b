// Route table: the sources (attached context) of an agent.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { AgentParams } from "../agents/model";
import { AdminSource, SourceList, SourceParams } from "./model";
import { readSourceBody, SourceService } from "./service";

/** sourceRoutes serves /workspaces/:id/agents/:agentId/sources. */
export const sourceRoutes = (ctx: AppContext, auth: AdminAuth, service = new SourceService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/workspaces/:id/agents/:agentId/sources", ({ operator, params }) => service.list(operator, params.id, params.agentId), {
      admin: true,
      params: AgentParams,
      response: { 200: SourceList },
    })
    // note: a JSON body arrives parsed (bounded like every body); a multipart upload is read here.
    .post("/workspaces/:id/agents/:agentId/sources", async ({ operator, params, request, body, status }) => status(201, await service.add(operator, params.id, params.agentId, await readSourceBody(request, body))), {
      admin: true,
      params: AgentParams,
      response: { 201: AdminSource },
    })
    .delete("/workspaces/:id/agents/:agentId/sources/:sourceId", async ({ operator, params, status }) => {
      await service.remove(operator, params.id, params.agentId, params.sourceId);
      return status(204, undefined);
    }, { admin: true, params: SourceParams });
