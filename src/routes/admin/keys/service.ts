// Widget keys of a workspace: list, create, revoke.
import { and, asc, eq } from "drizzle-orm";
import { agents, widgetKeys } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { forgetEverywhere } from "../../../realtime/publish";
import { insertKey } from "../../../domain/workspaces";
import { HttpError, invalid } from "../../../lib/http-error";
import type { Operator } from "../../../plugins/admin-auth";
import { existingWorkspace } from "../shared";
import type { AdminKey, CreatedKey, CreateKeyBody, UpdateKeyBody } from "./model";
import { iso } from "../../../lib/text";

type KeyRow = typeof widgetKeys.$inferSelect;

const adminKey = (k: KeyRow): AdminKey => ({
  key: k.key,
  kind: k.kind,
  agentId: k.agentId,
  allowedOrigins: k.allowedOrigins,
  createdAt: iso(k.createdAt),
  revoked: k.revokedAt !== null,
  revokedAt: k.revokedAt === null ? null : iso(k.revokedAt),
});

/** KeyService manages widget keys; creating and revoking need the admin role. */
export class KeyService {
  constructor(private ctx: AppContext) {}

  /** list returns every key of the workspace, revoked ones too, oldest first. */
  async list(operator: Operator, workspaceId: string): Promise<{ keys: AdminKey[] }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId);
    const rows = await this.ctx.store.db.select().from(widgetKeys).where(eq(widgetKeys.workspaceId, workspaceId)).orderBy(asc(widgetKeys.createdAt), asc(widgetKeys.key)).all();
    return { keys: rows.map(adminKey) };
  }

  /** create makes a workspace key, or an agent key for one of the workspace's agents. */
  async create(operator: Operator, workspaceId: string, body: CreateKeyBody): Promise<CreatedKey> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    if (body.kind === "workspace" && body.agentId) throw invalid("agentId", "A workspace key takes no agentId.");
    if (body.kind === "agent") {
      if (!body.agentId) throw invalid("agentId", "An agent key needs the agentId of one of this workspace's agents.");
      const agent = await this.ctx.store.db.select({ id: agents.id }).from(agents).where(and(eq(agents.id, body.agentId), eq(agents.workspaceId, workspaceId))).get();
      if (!agent) throw new HttpError(404, "agent_not_found", "No such agent in this workspace.", "agentId");
    }
    const origins = [...new Set(body.allowedOrigins ?? [])];
    const made = await this.ctx.store.write((tx) => insertKey(tx, workspaceId, body.kind, body.agentId ?? null, origins, this.ctx.clock.now()));
    const out: CreatedKey = { key: made.key, kind: made.kind, allowedOrigins: made.allowedOrigins };
    if (made.agentId) out.agentId = made.agentId;
    return out;
  }

  /** update replaces a live key's allowed origins; pages on a removed origin are refused from the next request on. */
  async update(operator: Operator, workspaceId: string, key: string, body: UpdateKeyBody): Promise<{ key: AdminKey }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const where = and(eq(widgetKeys.key, key), eq(widgetKeys.workspaceId, workspaceId));
    const allowedOrigins = [...new Set(body.allowedOrigins)];
    const row = await this.ctx.store.write(async (tx) => {
      const current = await tx.select().from(widgetKeys).where(where).get();
      if (!current) throw new HttpError(404, "key_not_found", "No such key in this workspace.");
      if (current.revokedAt !== null) throw new HttpError(409, "key_revoked", "This key is revoked; make a new one instead.");
      await tx.update(widgetKeys).set({ allowedOrigins }).where(where).run();
      return { ...current, allowedOrigins };
    });
    // note: the widget's key cache holds each key's origins.
    forgetEverywhere(this.ctx, { keys: true });
    return { key: adminKey(row) };
  }

  /** revoke marks a key revoked; the widget refuses it from the next request on. */
  async revoke(operator: Operator, workspaceId: string, key: string): Promise<void> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const where = and(eq(widgetKeys.key, key), eq(widgetKeys.workspaceId, workspaceId));
    const row = await this.ctx.store.db.select({ revokedAt: widgetKeys.revokedAt }).from(widgetKeys).where(where).get();
    if (!row) throw new HttpError(404, "key_not_found", "No such key in this workspace.");
    if (row.revokedAt === null) await this.ctx.store.write((tx) => tx.update(widgetKeys).set({ revokedAt: this.ctx.clock.now() }).where(where).run());
    forgetEverywhere(this.ctx, { keys: true });
  }
}
