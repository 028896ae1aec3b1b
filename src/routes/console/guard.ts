// console.guard: refuses cross-site and non-JSON state changes, and resolves the signed-in operator.
import { Elysia } from "elysia";
import type { AppContext } from "../../context";
import { crossSite, csrfFailed, SAFE_METHODS, signedInSession } from "../../accounts/http";
import type { ConsoleSession } from "../../accounts/sessions";
import { HttpError } from "../../lib/http-error";
import { pathStartsWith } from "../../lib/url";
import { errorResponse } from "../../plugins/errors";

/** consoleGuard is the plugin every console route family uses. */
export const consoleGuard = (ctx: AppContext) =>
  new Elysia({ name: "console.guard" })
    .onRequest(({ request }) => {
      // note: onRequest runs for every request of the app; the cheap test keeps it off the widget's hot path.
      if (SAFE_METHODS.has(request.method) || !pathStartsWith(request.url, "/api/console/")) return;
      // note: checked before the body is parsed, so a cross-site form post is refused as such.
      if (crossSite(ctx, request)) return errorResponse(403, "csrf_failed", csrfFailed().message);
      const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== "application/json" && request.headers.get("content-length") !== "0" && request.body !== null) {
        return errorResponse(415, "unsupported_media_type", "Send the body as application/json.");
      }
    })
    .macro({
      signedIn: (need: "read" | "write") => ({
        async resolve({ request }) {
          const session = await signedInSession(ctx, request, need === "write");
          if (!session) throw new HttpError(401, "unauthorized", "Sign in to the console first.");
          return { session };
        },
      }),
    });

/** roleIn returns the session's role in workspaceId, or throws 404 (never 403: no oracle). */
export function roleIn(session: ConsoleSession, workspaceId: string) {
  const m = session.memberships.find((x) => x.workspaceId === workspaceId);
  if (!m) throw new HttpError(404, "workspace_not_found", "No such workspace.");
  return m.role;
}
