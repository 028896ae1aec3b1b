// Saved replies of a workspace: every operator reads them, admins manage them.
import { and, asc, count, eq } from "drizzle-orm";
import { savedReplies } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { HttpError } from "../../../lib/http-error";
import { newId } from "../../../lib/ids";
import { iso } from "../../../lib/text";
import type { Operator } from "../../../plugins/admin-auth";
import { existingWorkspace } from "../shared";
import type { CreateSavedReplyBody, SavedReply, UpdateSavedReplyBody } from "./model";

// note: a bound, so the composer's picker is one small answer.
export const MAX_SAVED_REPLIES = 500;

type Row = typeof savedReplies.$inferSelect;
const answer = (r: Row): SavedReply => ({ id: r.id, title: r.title, body: r.body, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });
const notFound = () => new HttpError(404, "saved_reply_not_found", "No such saved reply in this workspace.");

/** SavedReplyService lists, adds, changes and removes a workspace's saved replies. */
export class SavedReplyService {
  constructor(private ctx: AppContext) {}

  /** list returns the workspace's saved replies by title. */
  async list(operator: Operator, workspaceId: string): Promise<{ savedReplies: SavedReply[] }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId);
    const rows = await this.ctx.store.db.select().from(savedReplies).where(eq(savedReplies.workspaceId, workspaceId)).orderBy(asc(savedReplies.title), asc(savedReplies.id)).all();
    return { savedReplies: rows.map(answer) };
  }

  /** create adds a saved reply (admins). */
  async create(operator: Operator, workspaceId: string, body: CreateSavedReplyBody): Promise<{ savedReply: SavedReply }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const now = this.ctx.clock.now();
    const row: Row = { id: newId("sr"), workspaceId, title: body.title, body: body.body, createdAt: now, updatedAt: now };
    await this.ctx.store.write(async (tx) => {
      const n = (await tx.select({ n: count() }).from(savedReplies).where(eq(savedReplies.workspaceId, workspaceId)).get())?.n ?? 0;
      if (n >= MAX_SAVED_REPLIES) throw new HttpError(409, "too_many_saved_replies", `A workspace keeps at most ${MAX_SAVED_REPLIES} saved replies.`);
      await tx.insert(savedReplies).values(row).run();
    });
    return { savedReply: answer(row) };
  }

  /** update changes the given fields of a saved reply (admins). */
  async update(operator: Operator, workspaceId: string, replyId: string, body: UpdateSavedReplyBody): Promise<{ savedReply: SavedReply }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const where = and(eq(savedReplies.id, replyId), eq(savedReplies.workspaceId, workspaceId));
    const changes: Partial<Row> = { updatedAt: this.ctx.clock.now() };
    if (body.title !== undefined) changes.title = body.title;
    if (body.body !== undefined) changes.body = body.body;
    const next = await this.ctx.store.write(async (tx) => {
      const current = await tx.select().from(savedReplies).where(where).get();
      if (!current) throw notFound();
      await tx.update(savedReplies).set(changes).where(where).run();
      return { ...current, ...changes };
    });
    return { savedReply: answer(next) };
  }

  /** remove deletes a saved reply (admins). */
  async remove(operator: Operator, workspaceId: string, replyId: string): Promise<void> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const where = and(eq(savedReplies.id, replyId), eq(savedReplies.workspaceId, workspaceId));
    await this.ctx.store.write(async (tx) => {
      if (!await tx.select({ id: savedReplies.id }).from(savedReplies).where(where).get()) throw notFound();
      await tx.delete(savedReplies).where(where).run();
    });
  }
}
