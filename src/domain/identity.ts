// Verifies the identify command: unsigned attributes, an HMAC email proof, or an HS256 JWT.
import { errors as joseErrors, jwtVerify } from "jose";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { identitySecrets } from "../../db/schema";
import type { Db } from "../../db/store";
import { HttpError } from "../lib/http-error";
import { hmacSha256Hex, timingSafeEqual } from "../lib/crypto";

/** IdentityInput is the identify payload as the widget sends it. */
export interface IdentityInput {
  email?: string;
  name?: string;
  company?: string;
  id?: string;
  email_hash?: string;
  jwt?: string;
}

/** Attributes are what a visitor says (or a signature proves) about the customer. */
export interface Attributes {
  userId?: string;
  email?: string;
  name?: string;
  company?: string;
}

/** IdentityResult: unsigned attributes, or a verified contact keyed only by what was signed; `attrs`
 *  of a verified result are signed claims only, and `unsigned` what was sent beside the proof. */
export type IdentityResult = { verified: false; attrs: Attributes } | { verified: true; externalKey: string; attrs: Attributes; unsigned?: Attributes };

const MAX_LIFETIME_S = 24 * 60 * 60;
const encoder = new TextEncoder();
const invalidIdentity = () => new HttpError(401, "identity_invalid", "The identity proof could not be verified.");

/** IdentitySecrets lists the secrets that verify proofs now: the current one and any in grace. */
export class IdentitySecrets {
  private lookup;
  constructor(db: Db) {
    this.lookup = db
      .select({ secret: identitySecrets.secret })
      .from(identitySecrets)
      .where(
        and(
          eq(identitySecrets.workspaceId, sql.placeholder("workspaceId")),
          // note: the grace counts from retirement under the setting in force now, not the one at rotation.
          or(isNull(identitySecrets.retiredAt), gt(identitySecrets.retiredAt, sql.placeholder("retiredAfter"))),
        ),
      )
      .prepare();
  }

  /** valid returns the secrets of workspaceId that verify proofs at time now, given the grace period in hours. */
  async valid(workspaceId: string, now: number, graceHours: number): Promise<string[]> {
    return (await this.lookup.all({ workspaceId, retiredAfter: now - graceHours * 3_600_000 })).map((r) => r.secret);
  }
}

/** verifyIdentity checks an identify payload against the workspace's valid secrets. */
export async function verifyIdentity(input: IdentityInput, secrets: string[], workspaceId: string, now: number): Promise<IdentityResult> {
  if (input.jwt !== undefined) return verifyJwt(input.jwt, secrets, workspaceId, now);
  if (input.email_hash !== undefined) return verifyHmac(input, secrets);
  return { verified: false, attrs: { userId: input.id, email: input.email, name: input.name, company: input.company } };
}

async function verifyHmac(input: IdentityInput, secrets: string[]): Promise<IdentityResult> {
  const hash = input.email_hash ?? "";
  // note: a missing or empty hash, or one without an email, proves nothing.
  if (!hash || !input.email) throw invalidIdentity();
  let ok = false;
  for (const secret of secrets) {
    const expected = await hmacSha256Hex(secret, input.email);
    // note: every secret is tried, so timing does not tell which one matched.
    if (timingSafeEqual(expected, hash)) ok = true;
  }
  if (!ok) throw invalidIdentity();
  // note: only the email was signed; name, company and id sent beside it stay unverified attributes
  // of this visitor, so they never overwrite what a JWT signed for the contact.
  return { verified: true, externalKey: `email:${input.email}`, attrs: { email: input.email }, unsigned: { userId: input.id, name: input.name, company: input.company } };
}

async function verifyJwt(token: string, secrets: string[], workspaceId: string, now: number): Promise<IdentityResult> {
  if (typeof token !== "string" || token.length === 0 || token.length > 8192) throw invalidIdentity();
  for (const secret of secrets) {
    try {
      const { payload } = await jwtVerify(token, encoder.encode(secret), {
        algorithms: ["HS256"],
        requiredClaims: ["exp"],
        currentDate: new Date(now),
      });
      // note: the lifetime counts from iat or from now, whichever is earlier, so an iat set in
      // the future cannot stretch a token beyond 24 h from the moment it is used.
      const nowS = Math.floor(now / 1000);
      const issuedAt = Math.min(typeof payload.iat === "number" ? payload.iat : nowS, nowS);
      if (typeof payload.exp !== "number" || payload.exp - issuedAt > MAX_LIFETIME_S) throw invalidIdentity();
      if (payload.aud !== undefined && !(payload.aud === workspaceId || (Array.isArray(payload.aud) && payload.aud.length === 1 && payload.aud[0] === workspaceId))) {
        throw invalidIdentity();
      }
      const sub = typeof payload.sub === "string" && payload.sub ? payload.sub : undefined;
      const email = typeof payload.email === "string" && payload.email ? payload.email : undefined;
      if (!sub && !email) throw invalidIdentity();
      const text = (x: unknown) => (typeof x === "string" && x.length <= 200 ? x : undefined);
      return {
        verified: true,
        externalKey: sub ? `sub:${sub}` : `email:${email}`,
        attrs: { userId: sub, email, name: text(payload.name), company: text(payload.company) },
      };
    } catch (error) {
      if (error instanceof HttpError) throw error;
      // note: a bad signature may just mean the other (rotated) secret signed it; anything else is final.
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
      throw invalidIdentity();
    }
  }
  throw invalidIdentity();
}
