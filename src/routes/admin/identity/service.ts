// Revealing and rotating a workspace's identity secret (owners and admins only).
import { and, desc, eq, gt } from "drizzle-orm";
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
    const graceMs = this.ctx.config.identityGraceHours * 3_600_000;
    const previous = await db
      .select({ retiredAt: identitySecrets.retiredAt })
      .from(identitySecrets)
      .where(and(eq(identitySecrets.workspaceId, workspaceId), gt(identitySecrets.retiredAt, this.ctx.clock.now() - graceMs)))
      .orderBy(desc(identitySecrets.retiredAt))
      .all();
    const until = previous.map((p) => iso(p.retiredAt! + graceMs));
    // note: the previous secrets themselves are never shown again, only how long they last.
    return { identitySecret: (await currentIdentitySecret(db, workspaceId)) ?? "", previous: until.map((validUntil) => ({ validUntil })), previousValidUntil: until[0] ?? null };
  }

  /** rotate makes a new current secret; the previous one keeps working for the grace hours, or stops at once with revokePrevious. */
  async rotate(operator: Operator, workspaceId: string, revokePrevious = false) {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    return rotateIdentitySecret(this.ctx.store, workspaceId, this.ctx.config.identityGraceHours, this.ctx.clock.now(), revokePrevious);
  }
}
