// Sending customer messages (create-or-continue, idempotent by clientId) and read marks.
import { and, desc, eq, sql } from "drizzle-orm";
import { conversations, messages, readMarks } from "../../../../db/schema";
import { seqInsert } from "../../../../db/store";
import type { AppContext } from "../../../context";
import { conversationById, newMessageRow, openConversation, publicConversation, publicMessage, type ConversationRow, type MessageRow } from "../../../domain/conversations";
import type { Visitor } from "../../../domain/visitors";
import { HttpError } from "../../../lib/http-error";
import { CONVERSATIONS_STARTED } from "../../../domain/daily-counts";
import { newOrderedId } from "../../../lib/ids";
import type { WidgetCaller } from "../../../plugins/widget";
import { publishConversation, publishMessage, publishUnread, publishVisitorTyping } from "../../../realtime/publish";
import { TypingGate } from "../../../realtime/typing";
import type { HandoffAnswer, HandoffBody, ReadAnswer, ReadBody, SendAnswer, SendBody, TypingBody } from "./model";
import { validateTicket } from "./ticket";

const MINUTE = 60_000;

const p = sql.placeholder;

/** MessageService stores customer messages and read marks. */
export class MessageService {
  // note: the statements of the hot path are prepared once, at start-up.
  private byClientId;
  private insertMessage;
  private touchConversation;
  private bumpConversation;
  private markRead;
  private conversationRow;
  private typingGate;
  constructor(private ctx: AppContext) {
    this.typingGate = new TypingGate(() => ctx.clock.now());
    const db = ctx.store.db;
    this.conversationRow = conversationById(db);
    this.byClientId = db
      .select()
      .from(messages)
      .where(and(eq(messages.visitorId, p("visitorId")), eq(messages.clientId, p("clientId"))))
      .prepare();
    this.insertMessage = seqInsert(
      ctx.store,
      db
        .insert(messages)
        .values({
          id: p("id"),
          conversationId: p("conversationId"),
          workspaceId: p("workspaceId"),
          authorKind: "customer",
          authorName: p("authorName"),
          visitorId: p("visitorId"),
          body: p("body"),
          clientId: p("clientId"),
          createdAt: p("createdAt"),
        }),
      messages.seq,
    );
    // note: a customer message also wakes a snoozed conversation.
    this.touchConversation = db.update(conversations).set({ status: "open", snoozedUntil: null, resolvedAt: null, resolvedBy: null, updatedAt: sql`${p("now")}` }).where(eq(conversations.id, p("id"))).prepare();
    // note: an open conversation only moves in the inbox; leaving its status alone spares the Stats roll-up triggers (migration 0017).
    this.bumpConversation = db.update(conversations).set({ updatedAt: sql`${p("now")}` }).where(eq(conversations.id, p("id"))).prepare();
    this.markRead = db
      .insert(readMarks)
      .values({ conversationId: p("conversationId"), visitorId: p("visitorId"), lastReadSeq: p("seq") })
      // note: only a mark behind the newest reply moves: anything past the reply is the visitor's own, never unread.
      .onConflictDoUpdate({ target: [readMarks.conversationId, readMarks.visitorId], set: { lastReadSeq: sql`excluded.last_read_seq` }, setWhere: sql`${readMarks.lastReadSeq} < ${p("reply")}` })
      .prepare();
  }

  /** send stores a customer message; the same clientId from the same visitor returns the first one. */
  async send(caller: WidgetCaller, visitor: Visitor, body: SendBody): Promise<SendAnswer> {
    if (body.clientId) {
      const first = await this.byClientId.get({ visitorId: visitor.id, clientId: body.clientId });
      if (first) {
        // note: a retry costs no message, but repeats have their own, more generous limit.
        this.ctx.limiter.repeat(visitor.id, caller.countedAddress());
        return this.answer(visitor, await this.ctx.conversations.shown(visitor, first.conversationId), first);
      }
    }
    // note: counted here, not by the route's `limit`, so a replayed clientId (a retry) does not use up messages.
    this.ctx.limiter.route("messages", visitor.id, caller.countedAddress());
    // note: the access check comes from memory once a conversation is known; its row is read inside the write.
    const existing = body.conversationId ? await this.ctx.conversations.visibleRef(visitor, body.conversationId) : null;
    const ticket = !existing && body.ticket ? validateTicket(caller.key.workspace.settings, body.ticket) : null;
    if (body.attachments?.length) {
      if (!existing) throw new HttpError(422, "attachment_wrong_conversation", "Attachments are uploaded into a conversation; send them there.", "attachments");
      await this.ctx.attachments.check(body.attachments, existing.id, { visitorId: visitor.id });
    }
    if (!existing) {
      this.ctx.limiter.hit(`conversations:${caller.key.key}:${caller.countedAddress()}`, { max: this.ctx.config.limits.conversationsPerHour, windowMs: 60 * MINUTE }, "new conversations", caller.countedAddress());
    }
    const now = this.ctx.clock.now();
    const { conversation, message, replay } = await this.ctx.store.write(async (tx) => {
      // note: checked again inside the transaction, so two racing sends store one row.
      const first = body.clientId ? await this.byClientId.get({ visitorId: visitor.id, clientId: body.clientId }) : undefined;
      if (first) {
        const conversation = (await tx.select().from(conversations).where(eq(conversations.id, first.conversationId)).get())!;
        return { conversation, message: first, replay: true };
      }
      let conversation: ConversationRow;
      let reopened = false;
      if (existing) {
        const row = await this.conversationRow(existing.id);
        if (!row) throw new HttpError(404, "conversation_not_found", "No such conversation.", "conversationId");
        // note: a customer writing into a closed conversation reopens it, as operators expect.
        reopened = row.status === "closed";
        conversation = { ...row, status: "open", snoozedUntil: null, resolvedAt: null, resolvedBy: null, updatedAt: now };
        const settled = row.status === "open" && row.snoozedUntil === null && row.resolvedAt === null && row.resolvedBy === null;
        // note: an open conversation's activity is written behind the send on SQLite (src/domain/activity.ts).
        if (settled && this.ctx.activity.behind) this.ctx.activity.wrote();
        else await (settled ? this.bumpConversation : this.touchConversation).run({ now, id: existing.id });
      } else {
        conversation = await openConversation(tx, this.ctx.store.dialect, { workspaceId: visitor.workspaceId, visitorId: visitor.id, contactId: visitor.contactId }, now, {
          agentId: caller.key.agent?.id ?? null,
          kind: ticket ? "ticket" : "chat",
          fields: body.fields ?? null,
          ticketForm: ticket?.form ?? null,
          ticketFields: ticket?.fields ?? null,
          handler: caller.key.agent ? "agent" : null,
        });
        await this.ctx.daily.add(conversation.workspaceId, CONVERSATIONS_STARTED, now);
      }
      const message = newMessageRow({
        id: newOrderedId("msg", now),
        conversationId: conversation.id,
        workspaceId: visitor.workspaceId,
        authorKind: "customer",
        authorName: visitor.verified?.name ?? visitor.name,
        visitorId: visitor.id,
        body: body.body,
        clientId: body.clientId ?? null,
        createdAt: now,
      });
      message.seq = await this.insertMessage(message);
      message.attachments = await this.ctx.attachments.claim(tx, body.attachments, conversation.id, message.seq);
      if (message.attachments) await tx.update(messages).set({ attachments: message.attachments }).where(eq(messages.seq, message.seq)).run();
      // note: writing a message means the visitor has read the conversation up to it. Only replies count as unread,
      // so the mark is written only when a reply lies past it: a run of customer messages writes none.
      if (conversation.lastReplySeq !== null) await this.markRead.run({ conversationId: conversation.id, visitorId: visitor.id, seq: message.seq, reply: conversation.lastReplySeq });
      if (reopened) publishConversation(this.ctx, conversation);
      publishMessage(this.ctx, conversation, message);
      publishUnread(this.ctx, visitor.id);
      return { conversation, message, replay: false };
    });
    if (replay) return this.answer(visitor, conversation, message);
    await this.ctx.agents.onCustomerMessage(conversation, message);
    return { conversation: publicConversation(conversation, 0, message), message: publicMessage(message) };
  }

  /** read moves the visitor's read mark forward to messageId (or the newest message). */
  async read(visitor: Visitor, body: ReadBody): Promise<ReadAnswer> {
    const conversation = await this.ctx.conversations.visible(visitor, body.conversationId);
    const db = this.ctx.store.db;
    const where = body.messageId
      ? and(eq(messages.conversationId, conversation.id), eq(messages.id, body.messageId), eq(messages.internal, false))
      : and(eq(messages.conversationId, conversation.id), eq(messages.internal, false));
    const target = await db.select({ seq: messages.seq }).from(messages).where(where).orderBy(desc(messages.seq)).limit(1).get();
    if (body.messageId && !target) throw new HttpError(404, "message_not_found", "No such message in this conversation.", "messageId");
    if (target) {
      await this.ctx.store.write(async (tx) => {
        await tx
          .insert(readMarks)
          .values({ conversationId: conversation.id, visitorId: visitor.id, lastReadSeq: target.seq })
          .onConflictDoUpdate({
            target: [readMarks.conversationId, readMarks.visitorId],
            set: { lastReadSeq: sql`excluded.last_read_seq` },
            setWhere: sql`${readMarks.lastReadSeq} < excluded.last_read_seq`,
          })
          .run();
        publishUnread(this.ctx, visitor.id);
      });
    }
    const unread = await this.ctx.conversations.unreadByConversation(visitor.id, [conversation.id]);
    return { conversationId: conversation.id, unreadCount: unread.get(conversation.id) ?? 0, totalUnread: await this.ctx.conversations.unreadTotal(visitor) };
  }

  /** handoff hands an agent's conversation to the team at the visitor's request; otherwise it changes nothing. */
  async handoff(visitor: Visitor, body: HandoffBody): Promise<HandoffAnswer> {
    const existing = await this.ctx.conversations.shown(visitor, body.conversationId);
    const conversation = (await this.ctx.agents.handoff(existing.id, "visitor")) ?? existing;
    const [decorated] = await this.ctx.conversations.decorate(visitor, [conversation]);
    return { conversation: decorated! };
  }

  /** typing tells operators the visitor is writing, at most every 2 s per conversation; never stored. */
  async typing(visitor: Visitor, body: TypingBody): Promise<void> {
    const conversation = await this.ctx.conversations.visible(visitor, body.conversationId);
    if (this.typingGate.pass(conversation.id, "visitor")) publishVisitorTyping(this.ctx, conversation);
  }

  private async answer(visitor: Visitor, conversation: ConversationRow, message: MessageRow): Promise<SendAnswer> {
    const [decorated] = await this.ctx.conversations.decorate(visitor, [conversation]);
    return { conversation: decorated!, message: publicMessage(message) };
  }
}
