// Route table: try an agent without a conversation, and test the workspace's model provider.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { AgentParams } from "../agents/model";
import { WorkspaceParams } from "../shared";
import { AiTestAnswer, TryAnswer, TryBody } from "./model";
import { AiService } from "./service";

/** aiRoutes serves .../agents/:agentId/try and .../ai/test. */
export const aiRoutes = (ctx: AppContext, auth: AdminAuth, service = new AiService(ctx)) =>
  new Elysia()
    .use(auth)
    .post("/workspaces/:id/agents/:agentId/try", ({ operator, params, body }) => service.tryAgent(operator, params.id, params.agentId, body.question), {
      admin: true,
      params: AgentParams,
      body: TryBody,
      response: { 200: TryAnswer },
    })
    .post("/workspaces/:id/ai/test", ({ operator, params }) => service.test(operator, params.id), { admin: true, params: WorkspaceParams, response: { 200: AiTestAnswer } });
