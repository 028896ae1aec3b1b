// The identity secret of a workspace: revealed to owners and admins, rotated with a grace period.
import * as v from "valibot";

/** SecretAnswer answers the reveal: the current secret and when the previous ones stop working. */
export const SecretAnswer = v.object({
  identitySecret: v.string(),
  previous: v.array(v.object({ validUntil: v.string() })),
  previousValidUntil: v.nullable(v.string()),
});
export type SecretAnswer = v.InferOutput<typeof SecretAnswer>;

/** RotateBody: `revokePrevious` stops the previous secret at once (a leaked one), instead of after the grace period. */
export const RotateBody = v.optional(v.object({ revokePrevious: v.optional(v.boolean()) }));
export type RotateBody = v.InferOutput<typeof RotateBody>;

/** RotatedAnswer answers a rotation: the new secret, and until when the previous one works (null: revoked now). */
export const RotatedAnswer = v.object({ identitySecret: v.string(), previousValidUntil: v.nullable(v.string()) });
