// Route table: the inbox, one conversation, replies and notes, status, tags, snoozes, assignment, seen marks, typing, and the live stream.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import { noContent } from "../../../lib/http-error";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { AssignAnswer, AssignBody, ConversationParams, DetailAnswer, DetailQuery, HandoffBody, HeadAnswer, InboxAnswer, InboxQuery, PatchBody, ReplyBody, SeenBody, SnoozeBody, StreamQuery, TagsAnswer } from "./model";
import { InboxReader } from "./reader";
import { ConversationService } from "./service";
import { TeamWork } from "./work";

/** conversationRoutes serves /conversations for operators. */
export const conversationRoutes = (ctx: AppContext, auth: AdminAuth, read = new InboxReader(ctx), act = new ConversationService(ctx), team = new TeamWork(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/conversations", ({ operator, query }) => read.inbox(operator, query), { admin: true, query: InboxQuery, response: { 200: InboxAnswer } })
    .get("/conversations/stream", ({ operator, query, request, reauthenticate }) => act.stream(operator, query.workspace, request.signal, reauthenticate), { admin: true, query: StreamQuery })
    .get("/conversations/:id", async ({ operator, params, query }) => ({ conversation: await read.detail(operator, params.id, query) }), {
      admin: true,
      params: ConversationParams,
      query: DetailQuery,
      response: { 200: DetailAnswer },
    })
    .patch("/conversations/:id", ({ operator, params, body }) => team.setTags(operator, params.id, body.tags), { admin: true, params: ConversationParams, body: PatchBody, response: { 200: TagsAnswer } })
    .post("/conversations/:id/messages", async ({ operator, params, body, status }) => status(201, await act.reply(operator, params.id, body)), {
      admin: true,
      params: ConversationParams,
      body: ReplyBody,
      // note: the hottest operator route: its answer is held to MessageAnswer by test/routes/admin/answers.test.ts, not on every request.
    })
    .post("/conversations/:id/close", ({ operator, params }) => act.setStatus(operator, params.id, "closed"), { admin: true, params: ConversationParams, response: { 200: HeadAnswer } })
    .post("/conversations/:id/handoff", ({ operator, params, body }) => act.handoff(operator, params.id, body.to), { admin: true, params: ConversationParams, body: HandoffBody, response: { 200: HeadAnswer } })
    .post("/conversations/:id/reopen", ({ operator, params }) => act.setStatus(operator, params.id, "open"), { admin: true, params: ConversationParams, response: { 200: HeadAnswer } })
    .post("/conversations/:id/snooze", ({ operator, params, body }) => team.snooze(operator, params.id, body.until), { admin: true, params: ConversationParams, body: SnoozeBody, response: { 200: HeadAnswer } })
    .post("/conversations/:id/assign", ({ operator, params, body }) => team.assign(operator, params.id, body.accountId), { admin: true, params: ConversationParams, body: AssignBody, response: { 200: AssignAnswer } })
    .post("/conversations/:id/seen", async ({ operator, params, body }) => (await team.markSeen(operator, params.id, body?.messageId), noContent()), { admin: true, params: ConversationParams, body: SeenBody })
    .post("/conversations/:id/typing", async ({ operator, params, status }) => (await team.typing(operator, params.id), status(202, {})), { admin: true, params: ConversationParams });
