// Route table: the customer message flow and conversation history.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { queryParser } from "../../../lib/query";
import { widgetAuth } from "../../../plugins/widget";
import { HistoryService, recheckOf } from "./history";
import { HandoffBody, HistoryAnswer, HistoryQuery, ReadBody, SendBody, TypingBody } from "./model";
import { MessageService } from "./service";

const historyQuery = queryParser(HistoryQuery);

/** messageRoutes: history, long poll, stream, send, read marks, handoff and typing. */
export const messageRoutes = (ctx: AppContext, send = new MessageService(ctx), read = new HistoryService(ctx)) =>
  new Elysia({ prefix: "/api/widget" })
    .use(widgetAuth(ctx))
    // note: the query is read by historyQuery, not declared to Elysia: widgets poll with the same few queries, so each is
    // validated once (src/lib/query.ts). So it is checked after the key and token.
    .get("/messages", ({ caller, visitor, request, set }) => read.history(visitor!, historyQuery(request.url), request, corsOf(set.headers), caller.address, recheckOf(ctx, caller, visitor!.id, request.headers.get("origin"))), {
      widget: "visitor",
      response: { 200: HistoryAnswer },
    })
    .get("/messages/stream", ({ caller, visitor, request, set }) => read.stream(visitor!, request.signal, corsOf(set.headers), caller.address, recheckOf(ctx, caller, visitor!.id, request.headers.get("origin"))), {
      widget: "visitor",
    })
    .post("/messages", async ({ caller, visitor, body, status }) => status(201, await send.send(caller, visitor!, body)), {
      widget: "visitor",
      // note: answers of the hot routes are held to their schemas (SendAnswer, ReadAnswer) by
      // test/routes/widget/answers.test.ts rather than on every request.
      body: SendBody,
    })
    .post("/messages/read", ({ visitor, body }) => send.read(visitor!, body), {
      widget: "visitor",
      limit: "read",
      body: ReadBody,
    })
    .post("/messages/handoff", ({ visitor, body }) => send.handoff(visitor!, body), {
      widget: "visitor",
      limit: "handoff",
      body: HandoffBody,
    })
    .post("/messages/typing", async ({ visitor, body, status }) => (await send.typing(visitor!, body), status(202, {})), {
      widget: "visitor",
      limit: "typing",
      body: TypingBody,
    });

function corsOf(headers: Record<string, unknown>): Record<string, string> {
  const origin = headers["access-control-allow-origin"];
  return origin ? { "access-control-allow-origin": String(origin), vary: "Origin" } : {};
}
