// Admin API tokens as a workspace's owners see them: listed and revoked, never shown again.
import * as v from "valibot";
import { Id } from "../shared";

/** AdminTokenInfo is a token without its secret: id, label, dates, whether it still works and whether the caller may revoke it. */
export const AdminTokenInfo = v.object({
  id: v.string(),
  name: v.string(),
  createdAt: v.string(),
  revoked: v.boolean(),
  expiresAt: v.nullable(v.string()),
  expired: v.boolean(),
  allWorkspaces: v.boolean(),
  /** revocable: the caller owns every workspace the token reaches (an all-workspace token: only an all-workspace caller). */
  revocable: v.boolean(),
});
export type AdminTokenInfo = v.InferOutput<typeof AdminTokenInfo>;

/** TokenList answers GET .../tokens. */
export const TokenList = v.object({ tokens: v.array(AdminTokenInfo) });

/** TokenParams names a workspace and a token. */
export const TokenParams = v.object({ id: Id, tokenId: Id });
