// Route table: visitors online now.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { WorkspaceQuery } from "../shared";
import { OnlineAnswer } from "./model";
import { VisitorService } from "./service";

/** visitorRoutes serves /visitors/online?workspace=. */
export const visitorRoutes = (ctx: AppContext, auth: AdminAuth, service = new VisitorService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/visitors/online", ({ operator, query }) => service.online(operator, query.workspace), {
      admin: true,
      query: WorkspaceQuery,
      response: { 200: OnlineAnswer },
    });
