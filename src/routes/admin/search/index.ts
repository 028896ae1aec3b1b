// Route table: full-text search over the caller's workspaces.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { SearchAnswer, SearchQuery } from "./model";
import { SearchService } from "./service";

/** searchRoutes serves /search?q=&workspace=. */
export const searchRoutes = (ctx: AppContext, auth: AdminAuth, service = new SearchService(ctx)) =>
  new Elysia().use(auth).get("/search", ({ operator, query }) => service.search(operator, query), { admin: true, query: SearchQuery, response: { 200: SearchAnswer } });
