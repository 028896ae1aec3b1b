// Operator actions on a conversation: replies, internal notes, close and reopen, and the inbox stream.
import { eq, sql } from "drizzle-orm";
import { conversations, messages, workspaces } from "../../../../db/schema";
import { readSettings } from "../../../domain/settings";
import { seqInsert } from "../../../../db/store";
import type { AppContext } from "../../../context";
import { conversationById, newMessageRow, type ConversationRow } from "../../../domain/conversations";
import { newOrderedId } from "../../../lib/ids";
import { roleOf, type Operator } from "../../../plugins/admin-auth";
import { topics } from "../../../realtime/hub";
import { publishConversation, publishMessage, type AdminEvent } from "../../../realtime/publish";
import { sseResponse } from "../../../realtime/sse";
import { existingWorkspace } from "../shared";
import type { AdminMessage, ConversationHead, ReplyBody } from "./model";
import { adminMessage, conversationHead, conversationNotFound } from "./view";
import { HttpError } from "../../../lib/http-error";
import { operatorRef, SeenMarks } from "./seen";

const p = sql.placeholder;

/** ConversationService writes what operators do and streams what happens. */
export class ConversationService {
  // note: a reply runs these on every call, so they are prepared once.
  private byId;
  private insertMessage;
  private touch;
  private settingsOf;
  private seen;
  constructor(private ctx: AppContext) {
    const db = ctx.store.db;
    this.byId = conversationById(db);
    this.insertMessage = seqInsert(
      ctx.store,
      db
        .insert(messages)
        .values({
          id: p("id"),
          conversationId: p("conversationId"),
          workspaceId: p("workspaceId"),
          authorKind: "operator",
          authorName: p("authorName"),
          operatorRef: p("operatorRef"),
          internal: p("internal"),
          body: p("body"),
          createdAt: p("createdAt"),
        }),
      messages.seq,
    );
    // note: coalesce keeps an assignee set meanwhile by someone else; only an unassigned conversation takes the replier.
    this.touch = db
      .update(conversations)
      .set({
        updatedAt: sql`${p("now")}`,
        waitingForTeam: false,
        assigneeId: sql`coalesce(${conversations.assigneeId}, ${p("assignee")})`,
        // note: the first public reply is kept for Stats' first-response time; a conversation an operator
        // started has none (its replies answer the visitor, not a wait the visitor began).
        firstReplyBy: sql`CASE WHEN ${conversations.firstReplyAt} IS NULL AND NOT ${conversations.operatorStarted} THEN ${p("by")} ELSE ${conversations.firstReplyBy} END`,
        firstReplyAt: sql`CASE WHEN ${conversations.operatorStarted} THEN ${conversations.firstReplyAt} ELSE coalesce(${conversations.firstReplyAt}, ${p("now")}) END`,
      })
      .where(eq(conversations.id, p("id")))
      .returning({ assigneeId: conversations.assigneeId })
      .prepare();
    this.settingsOf = db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, p("id"))).prepare();
    this.seen = new SeenMarks(db);
  }

  private async visible(operator: Operator, id: string): Promise<ConversationRow> {
    const c = await this.byId(id);
    if (!c || !roleOf(operator, c.workspaceId)) throw conversationNotFound();
    return c;
  }

  /** reply stores an operator reply (or an internal note) and announces it. */
  async reply(operator: Operator, id: string, body: ReplyBody): Promise<{ message: AdminMessage }> {
    const internal = body.internal ?? false;
    let conversation = await this.visible(operator, id);
    // note: the files are checked before anything is written, so a bad id leaves the conversation as it was.
    if (body.attachments?.length) await this.ctx.attachments.check(body.attachments, id, { operatorRef: operatorRef(operator) });
    // note: an operator's public reply takes the conversation from its agent (CONTRACT §7).
    if (!internal && conversation.handler === "agent") conversation = (await this.ctx.agents.handoff(id, "operator")) ?? conversation;
    const now = this.ctx.clock.now();
    const assignee = !internal && !conversation.assigneeId && (await this.assignsReplier(operator, conversation.workspaceId)) ? operator.id : null;
    let assigneeId = conversation.assigneeId;
    const message = await this.ctx.store.write(async (tx) => {
      const m = newMessageRow({
        id: newOrderedId("msg", now),
        conversationId: id,
        workspaceId: conversation.workspaceId,
        authorKind: "operator",
        authorName: operator.name,
        operatorRef: `${operator.kind}:${operator.id}`,
        internal,
        body: body.body,
        createdAt: now,
      });
      // note: the row is known without reading it back; only its seq comes from the insert.
      m.seq = await this.insertMessage({ ...m, internal: internal ? 1 : 0 });
      m.attachments = await this.ctx.attachments.claim(tx, body.attachments, id, m.seq);
      if (m.attachments) await tx.update(messages).set({ attachments: m.attachments }).where(eq(messages.seq, m.seq)).run();
      // note: a note leaves updatedAt alone, since the widget shows it and must not learn that a note was written.
      if (!internal) assigneeId = (await this.touch.get({ now, id, assignee, by: operator.kind === "user" ? operator.id : null }))?.assigneeId ?? null;
      await this.seen.mark(id, operatorRef(operator), m.seq);
      publishMessage(this.ctx, internal ? conversation : { ...conversation, updatedAt: now, waitingForTeam: false, assigneeId }, m);
      return m;
    });
    return { message: adminMessage(message) };
  }

  // note: only a console account can be assigned; the workspace may turn auto-assignment off.
  private async assignsReplier(operator: Operator, workspaceId: string): Promise<boolean> {
    if (operator.kind !== "user") return false;
    const row = await this.settingsOf.get({ id: workspaceId });
    return readSettings(row?.settings).autoAssign !== false;
  }

  /** handoff gives the conversation to the team, or back to its agent (422 when it has none). */
  async handoff(operator: Operator, id: string, to: "agent" | "team"): Promise<{ conversation: ConversationHead }> {
    const current = await this.visible(operator, id);
    if (!current.agentId) throw new HttpError(422, "no_agent", "This conversation has no agent to hand over from or to.", "to");
    const next = to === "team" ? await this.ctx.agents.handoff(id, "operator") : await this.ctx.agents.giveBack(id);
    return { conversation: conversationHead(next ?? current, this.ctx.clock.now()) };
  }

  /** setStatus closes or reopens a conversation and announces it. */
  async setStatus(operator: Operator, id: string, status: "open" | "closed"): Promise<{ conversation: ConversationHead }> {
    const now = this.ctx.clock.now();
    // note: asking for the status it has changes nothing (a second Close from a console that had not heard of the first
    // keeps who resolved it and when, its place in the list, and asks the visitor no second survey); reopening an open
    // conversation still ends its snooze. Read and written in one transaction, so two Closes at once resolve it once.
    const row = await this.ctx.store.write(async (tx) => {
      const current = await this.byId(id);
      if (!current || !roleOf(operator, current.workspaceId)) throw conversationNotFound();
      if (current.status === status && (status === "closed" || current.snoozedUntil === null)) return current;
      // note: a closed conversation no longer waits for a person; closing or reopening ends a snooze; a close records
      // who resolved it and when, for Stats, and a reopen clears it.
      const resolved = status === "closed" ? { resolvedAt: now, resolvedBy: operator.kind === "user" ? operator.id : null } : { resolvedAt: null, resolvedBy: null };
      const set = { status, waitingForTeam: status === "closed" ? false : current.waitingForTeam, snoozedUntil: null, updatedAt: now, ...resolved };
      await tx.update(conversations).set(set).where(eq(conversations.id, id)).run();
      const row = { ...current, ...set };
      publishConversation(this.ctx, row);
      return row;
    });
    return { conversation: conversationHead(row, now) };
  }

  /**
   * stream opens the inbox feed: one workspace, or every one the operator sees at connect time.
   * Before each change it delivers, and at every heartbeat, the caller is authenticated again; the
   * feed ends once it may no longer see one of its workspaces (token revoked, signed out, membership removed).
   */
  async stream(operator: Operator, workspace: string | undefined, signal: AbortSignal, reauthenticate: () => Promise<Operator | null>): Promise<Response> {
    let ids: string[];
    if (workspace) ids = [(await existingWorkspace(this.ctx.store.db, operator, workspace)).id];
    else if (operator.all) ids = (await this.ctx.store.db.select({ id: workspaces.id }).from(workspaces).all()).map((w) => w.id);
    else ids = [...operator.workspaces.keys()];
    // note: the widget counts listeners on a workspace's admin topic as operators online, so one each.
    const watched = [...new Set(ids)];
    const stillAllowed = async () => {
      const now = await reauthenticate();
      return !!now && watched.every((ws) => roleOf(now, ws));
    };
    return sseResponse(
      signal,
      this.ctx.heartbeatMs,
      (channel) => {
        const onEvent = (e: AdminEvent) => {
          if (e.type === "message") channel.send("message", { conversationId: e.conversation.id, workspaceId: e.conversation.workspaceId, message: adminMessage(e.message) });
          else if (e.type === "typing") channel.send("typing", { conversationId: e.conversation.id, workspaceId: e.conversation.workspaceId, author: e.author });
          else channel.send("conversation", { conversation: conversationHead(e.conversation, this.ctx.clock.now()) });
        };
        const offs = watched.map((ws) => this.ctx.hub.subscribe<AdminEvent>(topics.admin(ws), onEvent));
        return () => offs.forEach((off) => off());
      },
      { stillAllowed, hub: this.ctx.hub },
    );
  }
}
