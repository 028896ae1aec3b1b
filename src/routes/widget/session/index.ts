// Route table: POST /api/widget/session.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { widgetAuth } from "../../../plugins/widget";
import { SessionAnswer, SessionBody } from "./model";
import { SessionService } from "./service";

/** sessionRoutes resolves the key, creates or resumes the visitor and applies identify. */
export const sessionRoutes = (ctx: AppContext, service = new SessionService(ctx)) =>
  new Elysia({ prefix: "/api/widget" })
    .use(widgetAuth(ctx))
    .post("/session", ({ caller, body, set }) => {
      // note: the answer carries the visitor token.
      set.headers["cache-control"] = "no-store";
      return service.start(caller, body);
    }, {
      widget: "key",
      limit: "session",
      body: SessionBody,
      response: { 200: SessionAnswer },
    });
