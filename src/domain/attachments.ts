// Attachments: files stored in the database beside their metadata, handed to a message when it is sent,
// served with short-lived signed links or the caller's credentials, and swept when never sent.
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { Buffer } from "node:buffer";
import { attachmentBlobs, attachments, messages, signingKeys, type AttachmentRef } from "../../db/schema";
import type { Db, Store } from "../../db/store";
import { hmacSha256Hex, timingSafeEqual } from "../lib/crypto";
import { HttpError } from "../lib/http-error";
import { newOrderedId } from "../lib/ids";
import { DownloadBudget } from "./download-budget";
import { serverSlots, UploadSlots } from "./upload-slots";

/** AttachmentRow is a stored attachment's metadata. */
export type AttachmentRow = typeof attachments.$inferSelect;

/** Uploader is who attached a file: a visitor, or an operator ("user:id" / "token:id"). */
export type Uploader = { visitorId: string } | { operatorRef: string };

/** PublicAttachment is the allow-listed attachment shape of widget and operator answers. */
export interface PublicAttachment extends AttachmentRef {
  url: string;
}

/** LINK_TTL_MS is how long a signed attachment link works (CONTRACT §9b: at most 15 minutes). */
export const LINK_TTL_MS = 15 * 60_000;

/** UNSENT_TTL_MS: an upload never sent with a message is deleted after a day. */
export const UNSENT_TTL_MS = 86_400_000;

/** UNSENT_FILES_PER_VISITOR: a visitor's unsent uploads hold at most this many files at the size cap (50 MiB by default). */
export const UNSENT_FILES_PER_VISITOR = 5;

/** SWEEP_BATCH is how many unsent uploads one write of the sweep deletes, so no write holds the lock long. */
export const SWEEP_BATCH = 50;

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/** attachmentPath is where an attachment is served; it works with credentials, or with a signature appended. */
export const attachmentPath = (id: string) => `/api/widget/attachments/${id}`;

/** publicAttachment adds the attachment's url to what a message keeps of it. */
export const publicAttachment = (a: AttachmentRef): PublicAttachment => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size, url: attachmentPath(a.id) });

/** sniffImage names the image type the bytes really are (PNG, JPEG, GIF or WebP), or null. */
export function sniffImage(b: Uint8Array): (typeof IMAGE_TYPES)[number] | null {
  const at = (offset: number, ...bytes: number[]) => bytes.every((x, i) => b[offset + i] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return "image/gif";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return null;
}

/** isImage tells whether a stored content type is one served inline as an image. */
export const isImage = (contentType: string) => (IMAGE_TYPES as readonly string[]).includes(contentType);

/** cleanName keeps a file name displayable: no path, no control characters, at most 200 characters. */
export function cleanName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "").trim();
  return base.slice(0, 200) || "file";
}

/** storedType is the type an upload is recorded with: the image type its bytes prove, or the declared
 *  type when it is not an image (an image type the bytes do not prove is recorded as octet-stream). */
export function storedType(bytes: Uint8Array, declared: string): string {
  const image = sniffImage(bytes);
  if (image) return image;
  const type = declared.split(";")[0]!.trim().toLowerCase();
  return /^[a-z]+\/[a-z0-9.+-]{1,80}$/.test(type) && !type.startsWith("image/") ? type : "application/octet-stream";
}

/** contentDisposition names the file for the browser (RFC 6266 with an RFC 5987 UTF-8 form). */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** AttachmentStore writes, claims, signs, reads and sweeps attachments. */
export class AttachmentStore {
  private key: string | undefined;
  /** slots bounds the uploads read at once, per uploader and server-wide. */
  readonly slots: UploadSlots;
  /** downloads bounds the bytes held for downloads being read, per client address and server-wide. */
  readonly downloads = new DownloadBudget();
  /** maxUnsentBytes is how many bytes of unsent uploads a visitor may hold. */
  readonly maxUnsentBytes: number;
  constructor(
    private store: Store,
    attachmentMaxMib = 10,
  ) {
    this.slots = new UploadSlots(serverSlots(attachmentMaxMib));
    this.maxUnsentBytes = UNSENT_FILES_PER_VISITOR * attachmentMaxMib * 1024 * 1024;
  }

  /** checkUnsent refuses (413) a visitor whose unsent uploads, with `adding` bytes more, would pass maxUnsentBytes. */
  async checkUnsent(visitorId: string, now: number, adding = 1): Promise<void> {
    this.refuseOver(await this.unsentBytes(this.store.db, visitorId, now) + adding);
  }

  private refuseOver(bytes: number) {
    const mib = this.maxUnsentBytes / 1024 / 1024;
    if (bytes > this.maxUnsentBytes) throw new HttpError(413, "unsent_files_too_large", `Your files not sent yet hold ${mib} MiB, the most allowed; send them with a message (or wait a day) before uploading more.`, "file");
  }

  // note: unsent uploads older than a day are about to be swept, so the partial index on recent unsent ones is enough.
  private async unsentBytes(db: Db, visitorId: string, now: number): Promise<number> {
    return (await db.get<[number]>(sql`SELECT coalesce(sum(size), 0) FROM attachment WHERE message_seq IS NULL AND created_at > ${now - UNSENT_TTL_MS} AND visitor_id = ${visitorId}`))![0];
  }

  /** save stores a file (metadata and bytes in one write) and returns its public shape; a visitor's
   *  upload past maxUnsentBytes of unsent files is refused (413) inside that write. */
  async save(owner: { workspaceId: string; conversationId: string } & Uploader, file: { name: string; type: string; bytes: Uint8Array }, now: number): Promise<PublicAttachment> {
    const row: AttachmentRow = {
      id: newOrderedId("att", now),
      workspaceId: owner.workspaceId,
      conversationId: owner.conversationId,
      visitorId: "visitorId" in owner ? owner.visitorId : null,
      operatorRef: "operatorRef" in owner ? owner.operatorRef : null,
      messageSeq: null,
      name: cleanName(file.name),
      contentType: storedType(file.bytes, file.type),
      size: file.bytes.byteLength,
      createdAt: now,
    };
    await this.store.write(async (tx) => {
      if (row.visitorId !== null) this.refuseOver(await this.unsentBytes(tx, row.visitorId, now) + row.size);
      await tx.insert(attachments).values(row).run();
      await tx.insert(attachmentBlobs).values({ attachmentId: row.id, bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) }).run();
    });
    return publicAttachment(row);
  }

  /** check refuses (422, naming `attachments`) ids that are not the uploader's own unsent files of this conversation. */
  async check(ids: string[] | undefined, conversationId: string, owner: Uploader): Promise<void> {
    if (!ids?.length) return;
    const rows = await this.store.db.select().from(attachments).where(inArray(attachments.id, ids)).all();
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      const mine = row && ("visitorId" in owner ? row.visitorId === owner.visitorId : row.operatorRef === owner.operatorRef);
      // note: someone else's attachment answers as one that does not exist.
      if (!row || !mine) throw new HttpError(422, "attachment_not_found", `No attachment ${id} of yours to send.`, "attachments");
      if (row.conversationId !== conversationId) throw new HttpError(422, "attachment_wrong_conversation", `Attachment ${id} was uploaded to another conversation.`, "attachments");
      if (row.messageSeq !== null) throw new HttpError(409, "attachment_already_sent", `Attachment ${id} was already sent.`, "attachments");
    }
  }

  /** claim hands checked attachments to a message inside its write; a race lost to another send is a 409. */
  async claim(tx: Db, ids: string[] | undefined, conversationId: string, messageSeq: number): Promise<AttachmentRef[] | null> {
    if (!ids?.length) return null;
    const rows = await tx
      .update(attachments)
      .set({ messageSeq })
      .where(and(inArray(attachments.id, ids), eq(attachments.conversationId, conversationId), isNull(attachments.messageSeq)))
      .returning({ id: attachments.id, name: attachments.name, contentType: attachments.contentType, size: attachments.size })
      .all();
    if (rows.length !== new Set(ids).size) throw new HttpError(409, "attachment_already_sent", "An attachment was already sent.", "attachments");
    return ids.filter((id, i) => ids.indexOf(id) === i).map((id) => rows.find((r) => r.id === id)!);
  }

  /** signedUrl is the attachment's url with a signature valid for LINK_TTL_MS. */
  async signedUrl(id: string, now: number): Promise<string> {
    const expires = now + LINK_TTL_MS;
    return `${attachmentPath(id)}?expires=${expires}&signature=${await hmacSha256Hex(await this.secret(), `${id}.${expires}`)}`;
  }

  /** validSignature checks a link's signature (constant time) and that it expires within LINK_TTL_MS of now. */
  async validSignature(id: string, expires: string | null, signature: string | null, now: number): Promise<boolean> {
    if (!expires || !signature || !/^\d{1,15}$/.test(expires)) return false;
    const at = Number(expires);
    if (at <= now || at > now + LINK_TTL_MS) return false;
    return timingSafeEqual(signature, await hmacSha256Hex(await this.secret(), `${id}.${at}`));
  }

  /** row finds an attachment's metadata. */
  async row(id: string): Promise<AttachmentRow | undefined> {
    return await this.store.db.select().from(attachments).where(eq(attachments.id, id)).get();
  }

  /** isPublic tells whether the message a file was sent with reaches the widget (not an internal note). */
  async isPublic(messageSeq: number): Promise<boolean> {
    const m = await this.store.db.select({ internal: messages.internal }).from(messages).where(eq(messages.seq, messageSeq)).get();
    return m?.internal === false;
  }

  /** bytes reads an attachment's bytes as the driver answers them, without a copy (a Uint8Array owning its buffer on both runtimes). */
  async bytes(id: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    // note: no chunked reads by substr(): SQLite loads the whole blob for each call, so chunks would read it again and again.
    return (await this.store.db.get<[Uint8Array<ArrayBuffer>] | undefined>(sql`SELECT bytes FROM attachment_blob WHERE attachment_id = ${id}`))?.[0];
  }

  /** sweep deletes uploads never sent with a message that are older than a day, SWEEP_BATCH per write; it returns how many went. */
  async sweep(now: number): Promise<number> {
    const old = and(isNull(attachments.messageSeq), lt(attachments.createdAt, now - UNSENT_TTL_MS));
    let swept = 0;
    for (;;) {
      const batch = this.store.db.select({ id: attachments.id }).from(attachments).where(old).limit(SWEEP_BATCH);
      const gone = await this.store.write(async (tx) => (await tx.delete(attachments).where(and(old, inArray(attachments.id, batch))).returning({ id: attachments.id }).all()).length);
      swept += gone;
      if (gone < SWEEP_BATCH) return swept;
    }
  }

  private async secret(): Promise<string> {
    this.key ??= (await this.store.db.select({ secret: signingKeys.secret }).from(signingKeys).where(eq(signingKeys.name, "attachment")).get())!.secret;
    return this.key;
  }
}
