// Operators' uploads: stored in a conversation of their workspace, unsent until a reply names them.
import { eq } from "drizzle-orm";
import { conversations } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { roleOf, type Operator } from "../../../plugins/admin-auth";
import { readAttachment } from "../../widget/attachments/service";
import type { UploadAnswer } from "../../widget/attachments/model";
import { conversationNotFound } from "../conversations/view";
import { operatorRef } from "../conversations/seen";

/** OperatorAttachments stores an operator's file in a conversation it may see. */
export class OperatorAttachments {
  constructor(private ctx: AppContext) {}

  /** upload checks the conversation first, then (in one of the operator's two upload slots) reads and stores the file; the answer's url is signed for 15 minutes. */
  async upload(operator: Operator, conversationId: string, request: Request): Promise<UploadAnswer> {
    const conversation = await this.ctx.store.db.select({ id: conversations.id, workspaceId: conversations.workspaceId }).from(conversations).where(eq(conversations.id, conversationId)).get();
    if (!conversation || !roleOf(operator, conversation.workspaceId)) throw conversationNotFound();
    const release = this.ctx.attachments.slots.take(`operator:${operatorRef(operator)}`);
    try {
      const form = await readAttachment(this.ctx, request, this.ctx.config.attachmentMaxMib * 1024 * 1024, conversation.id);
      const now = this.ctx.clock.now();
      const attachment = await this.ctx.attachments.save({ workspaceId: conversation.workspaceId, conversationId: conversation.id, operatorRef: operatorRef(operator) }, form.file, now);
      return { attachment: { ...attachment, url: await this.ctx.attachments.signedUrl(attachment.id, now) } };
    } finally {
      release();
    }
  }
}
