// The console's HTTP rules: same-origin checks, the session cookie, and its Secure flag.
import type { AppContext } from "../context";
import { timingSafeEqual } from "../lib/crypto";
import { HttpError } from "../lib/http-error";
import { findSession, SESSION_COOKIE, SESSION_TTL_MS, type ConsoleSession } from "./sessions";

/** readCookie returns one cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** sessionValue is the console session cookie of a request. */
export const sessionValue = (request: Request) => readCookie(request.headers.get("cookie"), SESSION_COOKIE);

/** isHttps tells whether the console is reached over https (directly, by --public-url, or a trusted proxy). */
export function isHttps(ctx: AppContext, request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  if (ctx.config.publicUrl?.startsWith("https:")) return true;
  return ctx.config.trustProxy && request.headers.get("x-forwarded-proto") === "https";
}

/** sessionCookie sets (or, with null, clears) the session cookie: HttpOnly, SameSite=Lax, Secure on https. */
export function sessionCookie(ctx: AppContext, request: Request, value: string | null): string {
  const parts = [`${SESSION_COOKIE}=${value ?? ""}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${value ? Math.floor(SESSION_TTL_MS / 1000) : 0}`];
  if (isHttps(ctx, request)) parts.push("Secure");
  return parts.join("; ");
}

/** sameOrigin tells whether an Origin header names this server (as reached, or as --public-url says). */
export function sameOrigin(ctx: AppContext, request: Request, origin: string): boolean {
  const url = new URL(request.url);
  const allowed = new Set([url.origin]);
  if (ctx.config.publicUrl) allowed.add(new URL(ctx.config.publicUrl).origin);
  if (ctx.config.trustProxy) {
    const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
    allowed.add(`${proto}://${host}`);
  }
  return allowed.has(origin);
}

/** crossSite tells whether a state-changing request comes from another site: a foreign Origin or Sec-Fetch-Site. */
export function crossSite(ctx: AppContext, request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null && !sameOrigin(ctx, request, origin)) return true;
  const site = request.headers.get("sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}

/** SAFE_METHODS change nothing, so they need no CSRF proof. */
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** csrfFailed is the answer to a state change that did not prove it came from the console. */
export const csrfFailed = () => new HttpError(403, "csrf_failed", "This request did not come from the Woes console; reload the page and try again.");

/**
 * signedInSession finds the console session behind a request's cookie, or null. A state change
 * (write) must also carry the session's CSRF token and come from the console's own site.
 */
export async function signedInSession(ctx: AppContext, request: Request, write: boolean): Promise<ConsoleSession | null> {
  const session = await findSession(ctx.store.db, sessionValue(request), ctx.clock.now());
  if (session && write && (!timingSafeEqual(request.headers.get("x-csrf-token") ?? "", session.csrfToken) || crossSite(ctx, request))) throw csrfFailed();
  return session;
}
