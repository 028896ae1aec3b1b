// Route table: the signed-in operator's alert choices, GET and PATCH /api/console/me/alerts, and its unread count.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { consoleGuard, roleIn } from "../guard";
import { AlertPrefsBody, AlertsAnswer, UnreadAnswer, UnreadQuery } from "./model";
import { AlertService } from "./service";

/** alertRoutes serves the operator's own alert choices and unread count; there is no way to name another account. */
export const alertRoutes = (ctx: AppContext, service = new AlertService(ctx)) =>
  new Elysia({ prefix: "/api/console" })
    .use(consoleGuard(ctx))
    .onAfterHandle(({ set }) => {
      set.headers["cache-control"] = "no-store";
    })
    .get("/me/alerts", async ({ session }) => ({ alerts: await service.get(session.userId) }), { signedIn: "read", response: { 200: AlertsAnswer } })
    .patch("/me/alerts", async ({ session, body }) => ({ alerts: await service.update(session.userId, body) }), { signedIn: "write", body: AlertPrefsBody, response: { 200: AlertsAnswer } })
    .get("/me/unread", ({ session, query }) => (roleIn(session, query.workspace), service.unread(session.userId, query.workspace, query.except)), { signedIn: "read", query: UnreadQuery, response: { 200: UnreadAnswer } });
