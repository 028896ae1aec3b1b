// Attachment routes: the upload answer and the path of one attachment.
import * as v from "valibot";
import { PublicAttachment } from "../model";

/** AttachmentParams names an attachment in the path. */
export const AttachmentParams = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });

/** UploadAnswer is the stored file; its `url` carries a signature valid for 15 minutes. */
export const UploadAnswer = v.object({ attachment: PublicAttachment });
export type UploadAnswer = v.InferOutput<typeof UploadAnswer>;

/** UploadForm is what a multipart upload must hold: the conversation and one non-empty file. */
export interface UploadForm {
  conversationId: string;
  file: { name: string; type: string; bytes: Uint8Array };
}
