// Route table: workspace figures.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { StatsAnswer, StatsQuery } from "./model";
import { StatsService } from "./service";

/** statsRoutes serves /stats?workspace=&from=&to=. */
export const statsRoutes = (ctx: AppContext, auth: AdminAuth, service = new StatsService(ctx)) =>
  new Elysia().use(auth).get("/stats", ({ operator, query }) => service.stats(operator, query), { admin: true, query: StatsQuery, response: { 200: StatsAnswer } });
