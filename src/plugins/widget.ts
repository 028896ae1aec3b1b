// widget.auth: CORS and the `widget` macro that resolves key and visitor.
import { Elysia } from "elysia";
import type { LimitedRoute } from "../config";
import type { AppContext } from "../context";
import { servesOrigin, type ResolvedKey } from "../domain/keys";
import type { Visitor } from "../domain/visitors";
import { limitKey } from "../lib/address";
import { HttpError } from "../lib/http-error";
import { pathStartsWith } from "../lib/url";

const ALLOWED_HEADERS = "content-type, authorization, x-woes-key";

const bearer = (header: string | undefined) => (header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined);
const field = (body: unknown, name: string) =>
  body && typeof body === "object" && typeof (body as Record<string, unknown>)[name] === "string"
    ? ((body as Record<string, unknown>)[name] as string)
    : undefined;

// note: a preflight cannot name its key, so it is answered for any origin; the real request
// is where the key's allow-list is enforced.
function preflight(origin: string | null) {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": origin ?? "*",
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": ALLOWED_HEADERS,
      "access-control-max-age": "600",
      vary: "Origin",
    },
  });
}

/** corsHeaders echoes the request's origin on widget answers (errors included). */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  return origin && pathStartsWith(request.url, "/api/widget/") ? { "access-control-allow-origin": origin, vary: "Origin" } : {};
}

/** WidgetCaller is what the `widget` macro resolves: the key, and the visitor when asked for. */
export interface WidgetCaller {
  key: ResolvedKey;
  /** token is the visitor token sent, when it is of a usable length. */
  token: string | undefined;
  /** address tells the client's address (its limit key); only the abuse limits ask for it. */
  address: () => string;
  /** countedAddress is the address the per-address request limits count a visitor's writes against
   *  (its address when first seen in the last minute, see AddressMemo). */
  countedAddress: () => string;
}

/** checkKey refuses a missing, unknown or revoked key, or an origin off its allow-list. */
export function checkKey(keyName: string | undefined, key: ResolvedKey | null, origin: string | null): ResolvedKey {
  if (!keyName) throw new HttpError(401, "key_required", "Send the widget public key in the X-Woes-Key header.");
  if (!key) throw new HttpError(401, "invalid_key", "This widget key is not known.");
  if (key.revoked) throw new HttpError(401, "key_revoked", "This widget key has been revoked.");
  if (!servesOrigin(key.allowedOrigins, origin)) {
    throw new HttpError(403, "origin_not_allowed", "This page's origin is not allowed to use this widget key.");
  }
  return key;
}

/** resolveKey looks a key up and checks it. */
export async function resolveKey(ctx: AppContext, keyName: string | undefined, origin: string | null): Promise<ResolvedKey> {
  return checkKey(keyName, keyName && keyName.length <= 100 ? await ctx.keys.resolve(keyName) : null, origin);
}

type Resolved = { caller: WidgetCaller; visitor: Visitor | null };

function admit(ctx: AppContext, request: Request, need: "key" | "visitor", key: ResolvedKey, token: string | undefined, visitor: Visitor | null): Resolved {
  // note: an IPv6 client is counted by its /64, so cycling addresses inside it dodges nothing.
  const address = ctx.addresses.of(undefined, () => limitKey(ctx.clientAddress(request)));
  if (need === "key") return { caller: { key, token, address, countedAddress: address }, visitor: null };
  if (!visitor || visitor.workspaceId !== key.workspace.id) {
    throw new HttpError(401, "visitor_unauthorized", "Start a widget session first: the visitor token is missing or not valid.");
  }
  return { caller: { key, token, address, countedAddress: ctx.addresses.of(visitor.id, address) }, visitor };
}

/** widgetAuth is the plugin every widget route family uses. */
export const widgetAuth = (ctx: AppContext) =>
  new Elysia({ name: "widget.auth" })
    // note: a plugin's routes take the prefix of the family that uses it (/api/widget), so the
    // path here is relative; "/api/widget/*" would have been served at /api/widget/api/widget/*.
    .options("/*", ({ request }) => preflight(request.headers.get("origin")))
    .macro({
      widget: (need: "key" | "visitor") => ({
        // note: not an async function on purpose: when key and visitor are already in memory
        // (the common case) the caller is resolved without a trip through the microtask queue.
        resolve({ request, body, set }): Resolved | Promise<Resolved> {
          // note: headers are read from the Request itself; asking Elysia for `headers` would
          // copy every header into an object on each request of the hottest routes.
          const h = request.headers;
          const origin = h.get("origin");
          // note: the origin is echoed only once the key's allow-list has accepted it.
          const echo = (key: ResolvedKey) => {
            if (origin) {
              set.headers["access-control-allow-origin"] = origin;
              set.headers["vary"] = "Origin";
            }
            return key;
          };
          const keyName = h.get("x-woes-key") ?? field(body, "key");
          const token = bearer(h.get("authorization") ?? undefined) ?? field(body, "token");
          const usable = token && token.length <= 200 ? token : undefined;
          const key = keyName ? ctx.keys.peek(keyName) : undefined;
          const visitor = need === "visitor" && usable ? ctx.visitors.peek(usable) : undefined;
          if (key !== undefined && (need === "key" || visitor !== undefined)) {
            return admit(ctx, request, need, echo(checkKey(keyName, key, origin)), usable, visitor ?? null);
          }
          return (async () => {
            const resolved = echo(await resolveKey(ctx, keyName, origin));
            const found = need === "visitor" && usable ? await ctx.visitors.byToken(usable) : null;
            return admit(ctx, request, need, resolved, usable, found);
          })();
        },
      }),
      // note: runs after `widget` has resolved the caller (name it after `widget` in a route's
      // options) and after the body is validated, so events are counted one by one.
      limit: (route: LimitedRoute) => ({
        // note: an arrow with its context destructured: Elysia reads a hook's source to learn what it uses, and the
        // minified method form made it print a warning at every start.
        beforeHandle: ({ caller, visitor, body }: { caller?: WidgetCaller; visitor?: Visitor | null; body?: unknown }) => {
          const n = route === "events" ? ((body as { events?: unknown[] })?.events?.length ?? 1) : 1;
          const address = caller!.countedAddress();
          if (visitor || !caller!.token) {
            ctx.limiter.route(route, visitor?.id, address, n);
            return;
          }
          // note: on a key-only route (session) the token is any string the caller chose; it names a
          // bucket only once it resolves to a visitor of this key's workspace, or fresh junk tokens would
          // each open a bucket and fill the limiter. Otherwise the address alone is counted.
          const own = (v: Visitor | null) => (v && v.workspaceId === caller!.key.workspace.id ? v.id : undefined);
          const known = ctx.visitors.peek(caller!.token);
          if (known) {
            ctx.limiter.route(route, own(known), address, n);
            return;
          }
          return ctx.visitors.byToken(caller!.token).then((v) => {
            ctx.limiter.route(route, own(v), address, n);
          });
        },
      }),
    });
