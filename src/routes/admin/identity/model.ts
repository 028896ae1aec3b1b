// The identity secret of a workspace: revealed to owners and admins, rotated with a grace period.
import * as v from "valibot";

/** SecretAnswer answers the reveal: the current secret and when the previous ones stop working. */
export const SecretAnswer = v.object({
  identitySecret: v.string(),
  previous: v.array(v.object({ validUntil: v.string() })),
  previousValidUntil: v.nullable(v.string()),
});
export type SecretAnswer = v.InferOutput<typeof SecretAnswer>;

/** RotatedAnswer answers a rotation: the new secret, and until when the previous one works. */
export const RotatedAnswer = v.object({ identitySecret: v.string(), previousValidUntil: v.string() });
