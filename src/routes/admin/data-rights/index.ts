// Route table: data rights. Export and erase a contact with everything about it, or an anonymous visitor.
import { Elysia } from "elysia";
import * as v from "valibot";
import type { AppContext } from "../../../context";
import { noContent } from "../../../lib/http-error";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { Id } from "../shared";
import { DataRightsService } from "./service";

const Params = v.object({ id: Id });

/** dataRightsRoutes serves export and erasure of contacts and visitors (admins and owners only). */
export const dataRightsRoutes = (ctx: AppContext, auth: AdminAuth, service = new DataRightsService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/contacts/:id/export", ({ operator, params }) => service.export(operator, { contactId: params.id }), { admin: true, params: Params })
    .get("/visitors/:id/export", ({ operator, params }) => service.export(operator, { visitorId: params.id }), { admin: true, params: Params })
    .delete("/contacts/:id", async ({ operator, params }) => (await service.erase(operator, { contactId: params.id }), noContent()), { admin: true, params: Params })
    .delete("/visitors/:id", async ({ operator, params }) => (await service.erase(operator, { visitorId: params.id }), noContent()), { admin: true, params: Params });
