// Route table: visitors upload attachments; anyone allowed to see a conversation reads them.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { widgetAuth } from "../../../plugins/widget";
import { AttachmentParams, UploadAnswer } from "./model";
import { AttachmentService } from "./service";

/** attachmentRoutes: POST /api/widget/attachments (multipart) and GET /api/widget/attachments/:id. */
export const attachmentRoutes = (ctx: AppContext, service = new AttachmentService(ctx)) =>
  new Elysia({ prefix: "/api/widget" })
    .use(widgetAuth(ctx))
    // note: the multipart body is left unread by the bounds plugin and read here, after the caller is known.
    .post("/attachments", async ({ caller, visitor, request, status }) => status(201, await service.upload(visitor!, caller!.address(), request)), {
      widget: "visitor",
      limit: "attachments",
      response: { 201: UploadAnswer },
    })
    // note: no `widget` macro: a signed link, a visitor or an operator may read it; anyone else meets a 404.
    .get("/attachments/:id", ({ params, request }) => service.serve(params.id, request), { params: AttachmentParams });
