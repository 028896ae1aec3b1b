// Route table: POST /api/widget/presence, a heartbeat kept in memory and flushed in batches.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { widgetAuth } from "../../../plugins/widget";
import { topics } from "../../../realtime/hub";
import { PresenceBody } from "./model";

/** presenceRoutes takes heartbeats; operators online are those with the inbox stream open. */
export const presenceRoutes = (ctx: AppContext) =>
  new Elysia({ prefix: "/api/widget" })
    .use(widgetAuth(ctx))
    .post(
      "/presence",
      ({ visitor, body }) => {
        ctx.presence.beat({ visitorId: visitor!.id, workspaceId: visitor!.workspaceId, state: body.state, pageUrl: body.page?.url ?? null });
        return { ok: true as const, operatorsOnline: ctx.hub.listeners(topics.admin(visitor!.workspaceId)) };
      },
      // note: the answer is held to PresenceAnswer by test/routes/widget/answers.test.ts, not on every request.
      { widget: "visitor", limit: "presence", body: PresenceBody },
    );
