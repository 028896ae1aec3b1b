// Route table: operators upload attachments into a conversation, then send them with a reply.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { UploadAnswer } from "../../widget/attachments/model";
import { ConversationParams } from "../conversations/model";
import { OperatorAttachments } from "./service";

/** attachmentAdminRoutes serves POST /conversations/:id/attachments (multipart `file`). */
export const attachmentAdminRoutes = (ctx: AppContext, auth: AdminAuth, service = new OperatorAttachments(ctx)) =>
  new Elysia()
    .use(auth)
    // note: the multipart body is left unread by the bounds plugin and read here, after the operator is known.
    .post("/conversations/:id/attachments", async ({ operator, params, request, status }) => status(201, await service.upload(operator, params.id, request)), {
      admin: true,
      params: ConversationParams,
      response: { 201: UploadAnswer },
    });
