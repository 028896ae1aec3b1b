// Revealing and rotating a workspace's identity secret (owners and admins only).
import { and, desc, eq, gt, isNotNull } from "drizzle-orm";
import { identitySecrets } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { currentIdentitySecret, rotateIdentitySecret } from "../../../domain/workspaces";
import type { Operator } from "../../../plugins/admin-auth";
import { existingWorkspace } from "../shared";
import type { SecretAnswer } from "./model";
import { iso } from "../../../lib/text";

/** IdentityService reveals and rotates identity secrets. */
export class IdentityService {
  constructor(private ctx: AppContext) {}

  /** reveal returns the current secret and the grace deadlines of previous ones still valid. */
  async reveal(operator: Operator, workspaceId: string): Promise<SecretAnswer> {
    const db = this.ctx.store.db;
    await existingWorkspace(db, operator, workspaceId, "admin");
    const previous = await db
      .select({ graceUntil: identitySecrets.graceUntil })
      .from(identitySecrets)
      .where(and(eq(identitySecrets.workspaceId, workspaceId), isNotNull(identitySecrets.retiredAt), gt(identitySecrets.graceUntil, this.ctx.clock.now())))
      .orderBy(desc(identitySecrets.graceUntil))
      .all();
    const until = previous.map((p) => iso(p.graceUntil!));
    // note: the previous secrets themselves are never shown again, only how long they last.
    return { identitySecret: (await currentIdentitySecret(db, workspaceId)) ?? "", previous: until.map((validUntil) => ({ validUntil })), previousValidUntil: until[0] ?? null };
  }

  /** rotate makes a new current secret; the previous one keeps working for the configured grace hours. */
  async rotate(operator: Operator, workspaceId: string) {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    return rotateIdentitySecret(this.ctx.store, workspaceId, this.ctx.config.identityGraceHours, this.ctx.clock.now());
  }
}
