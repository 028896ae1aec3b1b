// Admin tokens that reach a workspace: its owners list and revoke them.
import type { AppContext } from "../../../context";
import { listTokens, revokeToken } from "../../../domain/admin-tokens";
import { HttpError } from "../../../lib/http-error";
import type { Operator } from "../../../plugins/admin-auth";
import { existingWorkspace } from "../shared";
import type { AdminTokenInfo } from "./model";

const notFound = () => new HttpError(404, "token_not_found", "No such token in this workspace.");

/** TokenService lists and revokes the admin tokens that reach a workspace (owners only: tokens act as owners). */
export class TokenService {
  constructor(private ctx: AppContext) {}

  /** list returns every token that reaches the workspace, revoked and expired ones too, oldest first. */
  async list(operator: Operator, workspaceId: string): Promise<{ tokens: AdminTokenInfo[] }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "owner");
    const tokens = await listTokens(this.ctx.store.db, this.ctx.clock.now(), workspaceId);
    return { tokens: tokens.map(({ workspaces, ...t }) => ({ ...t, allWorkspaces: workspaces === "all" })) };
  }

  /** revoke stops a token that reaches the workspace; it is refused from the next request on. */
  async revoke(operator: Operator, workspaceId: string, tokenId: string) {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "owner");
    const reaches = (await listTokens(this.ctx.store.db, this.ctx.clock.now(), workspaceId)).find((t) => t.id === tokenId);
    if (!reaches) throw notFound();
    if (!reaches.revoked) await revokeToken(this.ctx.store, tokenId, this.ctx.clock.now());
  }
}
