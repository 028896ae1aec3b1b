// Route table: POST /api/widget/csat (kept for compatibility; records CSAT or NPS).
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { widgetAuth } from "../../../plugins/widget";
import { SurveyAnswer, SurveyBody } from "./model";
import { SurveyService } from "./service";

/** csatRoutes records survey responses. */
export const csatRoutes = (ctx: AppContext, service = new SurveyService(ctx)) =>
  new Elysia({ prefix: "/api/widget" })
    .use(widgetAuth(ctx))
    .post("/csat", async ({ caller, visitor, body, status }) => status(201, await service.respond(visitor!, caller.key.workspace.settings, body)), {
      widget: "visitor",
      limit: "csat",
      body: SurveyBody,
      response: { 201: SurveyAnswer },
    });
