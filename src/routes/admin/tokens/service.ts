// Admin tokens that reach a workspace: its owners list them, and revoke those that reach no further than they own.
import type { AppContext } from "../../../context";
import { listTokens, revokeToken, type TokenInfo } from "../../../domain/admin-tokens";
import { HttpError } from "../../../lib/http-error";
import type { Operator } from "../../../plugins/admin-auth";
import { existingWorkspace } from "../shared";
import type { AdminTokenInfo } from "./model";

const notFound = () => new HttpError(404, "token_not_found", "No such token in this workspace.");
const beyond = () =>
  new HttpError(403, "forbidden", "This token also reaches workspaces you do not own; revoke it with an all-workspace token or `woes token revoke ID`.");

/** mayRevoke tells whether operator owns the token's whole scope: an all-workspace token needs an all-workspace caller. */
export const mayRevoke = (operator: Operator, token: TokenInfo) =>
  operator.all || (token.workspaces !== "all" && token.workspaces.every((id) => operator.workspaces.get(id) === "owner"));

/** TokenService lists and revokes the admin tokens that reach a workspace (owners only: tokens act as owners). */
export class TokenService {
  constructor(private ctx: AppContext) {}

  /** list returns every token that reaches the workspace, revoked and expired ones too, oldest first, each
   *  saying whether this caller may revoke it. */
  async list(operator: Operator, workspaceId: string): Promise<{ tokens: AdminTokenInfo[] }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "owner");
    const tokens = await listTokens(this.ctx.store.db, this.ctx.clock.now(), workspaceId);
    return { tokens: tokens.map(({ workspaces, ...t }) => ({ ...t, allWorkspaces: workspaces === "all", revocable: mayRevoke(operator, { ...t, workspaces }) })) };
  }

  /** revoke stops a token that reaches the workspace; it is refused from the next request on. A token that
   *  reaches a workspace the caller does not own (or every workspace) is refused with 403: the owner of one
   *  workspace must not cut off the others' integrations. */
  async revoke(operator: Operator, workspaceId: string, tokenId: string) {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "owner");
    const reaches = (await listTokens(this.ctx.store.db, this.ctx.clock.now(), workspaceId)).find((t) => t.id === tokenId);
    if (!reaches) throw notFound();
    // note: 403, not 404: the listing shows this token to the caller, so its existence is no secret.
    if (!mayRevoke(operator, reaches)) throw beyond();
    if (!reaches.revoked) await revokeToken(this.ctx.store, tokenId, this.ctx.clock.now());
  }
}
