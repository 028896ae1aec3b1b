// Route table: POST /api/widget/events (JSON, or a text/plain beacon carrying key and token).
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { widgetAuth } from "../../../plugins/widget";
import { EventsAnswer, EventsBody } from "./model";
import { EventService } from "./service";

/** eventRoutes records batches of widget events. */
export const eventRoutes = (ctx: AppContext, service = new EventService(ctx)) =>
  new Elysia({ prefix: "/api/widget" })
    .use(widgetAuth(ctx))
    .post("/events", async ({ visitor, body, status }) => status(202, await service.record(visitor!, body)), {
      widget: "visitor",
      limit: "events",
      body: EventsBody,
      response: { 202: EventsAnswer },
    });
