// Widget public keys: workspace or agent kind, with an optional origin allow-list.
import * as v from "valibot";
import { isOrigin } from "../../../domain/keys";
import { Id } from "../shared";

const Origin = v.pipe(v.string(), v.maxLength(300, "an origin such as https://example.com"), v.check(isOrigin, "an origin such as https://example.com"));

/** CreateKeyBody makes a widget key; an agent key names an agent of the same workspace. */
export const CreateKeyBody = v.object({
  kind: v.picklist(["workspace", "agent"], "workspace or agent"),
  agentId: v.optional(Id),
  allowedOrigins: v.optional(v.pipe(v.array(Origin), v.maxLength(50, "at most 50 origins"))),
});
export type CreateKeyBody = v.InferOutput<typeof CreateKeyBody>;

/** UpdateKeyBody replaces a key's allowed origins (empty: any origin). */
export const UpdateKeyBody = v.object({ allowedOrigins: v.pipe(v.array(Origin), v.maxLength(50, "at most 50 origins")) });
export type UpdateKeyBody = v.InferOutput<typeof UpdateKeyBody>;

/** KeyParams names a workspace and one of its keys. */
export const KeyParams = v.object({ id: Id, key: Id });

/** CreatedKey answers POST .../keys. */
export const CreatedKey = v.object({
  key: v.string(),
  kind: v.picklist(["workspace", "agent"]),
  agentId: v.optional(v.string()),
  allowedOrigins: v.array(v.string()),
});
export type CreatedKey = v.InferOutput<typeof CreatedKey>;

/** AdminKey is a key as operators see it, revoked ones included. */
export const AdminKey = v.object({
  key: v.string(),
  kind: v.picklist(["workspace", "agent"]),
  agentId: v.nullable(v.string()),
  allowedOrigins: v.array(v.string()),
  createdAt: v.string(),
  revoked: v.boolean(),
  revokedAt: v.nullable(v.string()),
});
export type AdminKey = v.InferOutput<typeof AdminKey>;

/** KeyAnswer answers PATCH .../keys/:key. */
export const KeyAnswer = v.object({ key: AdminKey });

/** KeyList answers GET .../keys. */
export const KeyList = v.object({ keys: v.array(AdminKey) });
