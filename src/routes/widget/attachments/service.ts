// Uploading an attachment into a conversation, and serving it only to those who may see it, never as a page.
import type { AppContext } from "../../../context";
import { contentDisposition, isImage, sniffImage, type AttachmentRow } from "../../../domain/attachments";
import type { Visitor } from "../../../domain/visitors";
import { limitKey } from "../../../lib/address";
import { HttpError, invalid } from "../../../lib/http-error";
import { OperatorDirectory, roleOf } from "../../../plugins/admin-auth";
import { fileTooLarge, readUpload } from "../../../plugins/bounds";
import { resolveKey } from "../../../plugins/widget";
import type { UploadAnswer, UploadForm } from "./model";

/** SAFE_HEADERS go on every attachment answer, errors included: nothing served here is ever a page that runs,
 *  and nothing answered to credentials is kept by a browser (a shared browser would reuse it without them). */
export const SAFE_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "cache-control": "private, no-store",
};

/** etagOf names an attachment's bytes, which never change once stored. */
const etagOf = (id: string) => `"${id}"`;

// note: If-None-Match may list several tags, or "*"; weak tags match too (RFC 9110 §13.1.2).
const matches = (header: string | null, etag: string) => header !== null && header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag || t.trim() === "*");

// note: a missing attachment, one the caller may not see and a bad or expired link answer alike.
const notFound = (cors: Record<string, string> = {}) => new HttpError(404, "attachment_not_found", "No such attachment.", undefined, { ...SAFE_HEADERS, ...cors });

/** readAttachment reads a multipart upload (`conversationId`, `file`), refusing a file over maxBytes (413) and a body
 *  that has not arrived within the slots' deadline (400). */
export async function readAttachment(ctx: AppContext, request: Request, maxBytes: number, conversationId?: string): Promise<UploadForm> {
  const form = await readUpload(request, maxBytes, (bytes) => ctx.attachments.slots.deadlineMs(bytes));
  const file = form.get("file");
  if (!(file instanceof Blob)) throw invalid("file", "Upload one file in the field `file`.");
  if (file.size > maxBytes) throw fileTooLarge(maxBytes);
  if (file.size === 0) throw invalid("file", "The file is empty.");
  const named = conversationId ?? form.get("conversationId");
  if (typeof named !== "string" || named.length === 0 || named.length > 64) throw invalid("conversationId", "Name the conversation in the field `conversationId`.");
  return { conversationId: named, file: { name: (file as File).name ?? "", type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) } };
}

/** AttachmentService stores visitors' uploads and decides who may read an attachment. */
export class AttachmentService {
  private operators;
  constructor(private ctx: AppContext) {
    this.operators = new OperatorDirectory(ctx);
  }

  /** upload stores a visitor's file in one of its conversations, unsent until a message names it; a visitor has at
   *  most two uploads in flight (four from one address) and maxUnsentBytes of unsent files (checked before
   *  the body is read). */
  async upload(visitor: Visitor, address: string, request: Request): Promise<UploadAnswer> {
    const release = this.ctx.attachments.slots.take(`visitor:${visitor.id}`, address);
    try {
      await this.ctx.attachments.checkUnsent(visitor.id, this.ctx.clock.now());
      const form = await readAttachment(this.ctx, request, this.ctx.config.attachmentMaxMib * 1024 * 1024);
      const conversation = await this.ctx.conversations.visible(visitor, form.conversationId);
      const now = this.ctx.clock.now();
      const attachment = await this.ctx.attachments.save({ workspaceId: conversation.workspaceId, conversationId: conversation.id, visitorId: visitor.id }, form.file, now);
      return { attachment: { ...attachment, url: await this.ctx.attachments.signedUrl(attachment.id, now) } };
    } finally {
      release();
    }
  }

  /** serve answers the bytes to a signed link, the conversation's visitor or an operator of its workspace; anyone else gets 404. */
  async serve(id: string, request: Request): Promise<Response> {
    const origin = request.headers.get("origin");
    const row = await this.ctx.attachments.row(id);
    const cors = await this.allowed(row, request);
    if (!row || !cors) throw notFound(origin && request.headers.has("x-woes-key") ? { "access-control-allow-origin": origin, vary: "Origin" } : {});
    const cache = { ...SAFE_HEADERS, ...cors, ...this.caching(request), etag: etagOf(row.id) };
    // note: only after the caller may see the file: a repeat is answered without reading the bytes.
    if (matches(request.headers.get("if-none-match"), cache.etag)) return new Response(null, { status: 304, headers: cache });
    // note: the bytes stay in memory until the client has read them, so they are reserved first (429 past the budget).
    const release = this.ctx.attachments.downloads.take(row.size, limitKey(this.ctx.clientAddress(request)), { ...SAFE_HEADERS, ...cors });
    const bytes = await this.ctx.attachments.bytes(row.id).catch((e) => (release(), Promise.reject(e)));
    if (!bytes) throw (release(), notFound(cors));
    // note: the bytes are checked again, so only a file that really is one of the four image types is ever served as an image.
    const image = isImage(row.contentType) && sniffImage(bytes) === row.contentType;
    return new Response(this.ctx.attachments.downloads.body(bytes, release), {
      headers: {
        ...cache,
        "content-type": image ? row.contentType : "application/octet-stream",
        "content-disposition": contentDisposition(image ? "inline" : "attachment", row.name),
        "content-length": String(bytes.byteLength),
      },
    });
  }

  // note: a signed link is its own key (one file, 15 minutes), so the browser may keep that answer until
  // the link expires; an answer to credentials is never stored (see SAFE_HEADERS).
  private caching(request: Request): Record<string, string> {
    const expires = new URL(request.url).searchParams.get("expires");
    if (!new URL(request.url).searchParams.has("signature") || !expires) return {};
    return { "cache-control": `private, max-age=${Math.max(0, Math.floor((Number(expires) - this.ctx.clock.now()) / 1000))}` };
  }

  // note: answers the CORS headers to send (an empty object for a same-origin caller), or null when refused.
  private async allowed(row: AttachmentRow | undefined, request: Request): Promise<Record<string, string> | null> {
    if (!row) return null;
    const url = new URL(request.url);
    if (url.searchParams.has("signature")) {
      return (await this.ctx.attachments.validSignature(row.id, url.searchParams.get("expires"), url.searchParams.get("signature"), this.ctx.clock.now())) ? {} : null;
    }
    const header = request.headers.get("authorization");
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    const keyName = request.headers.get("x-woes-key") ?? undefined;
    if (token && keyName && !token.startsWith("woes_at_")) return this.visitorMay(row, request, keyName, token);
    const operator = token ? await this.operators.byToken(token) : await this.operators.bySession(request);
    return operator && roleOf(operator, row.workspaceId) ? {} : null;
  }

  private async visitorMay(row: AttachmentRow, request: Request, keyName: string, token: string): Promise<Record<string, string> | null> {
    const origin = request.headers.get("origin");
    const key = await resolveKey(this.ctx, keyName, origin).catch(() => null);
    const visitor = token.length <= 200 ? await this.ctx.visitors.byToken(token) : null;
    if (!key || !visitor || key.workspace.id !== row.workspaceId || visitor.workspaceId !== row.workspaceId) return null;
    const seen = await this.ctx.conversations.visible(visitor, row.conversationId).then(() => true, () => false);
    // note: an unsent file is its uploader's alone, and a file on an internal note is the operators'.
    const shown = row.messageSeq === null ? row.visitorId === visitor.id : await this.ctx.attachments.isPublic(row.messageSeq);
    if (!seen || !shown) return null;
    return origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {};
  }
}
