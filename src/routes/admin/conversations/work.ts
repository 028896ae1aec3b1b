// Who works a conversation: assignment, what each operator has seen, the operator's typing, tags and snoozes.
import { and, eq, sql } from "drizzle-orm";
import { conversations, memberships, users } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { conversationById, type ConversationRow } from "../../../domain/conversations";
import { HttpError } from "../../../lib/http-error";
import { roleOf, type Operator } from "../../../plugins/admin-auth";
import { publishToOperators, publishTyping } from "../../../realtime/publish";
import { TypingGate } from "../../../realtime/typing";
import type { Assignee, ConversationHead } from "./model";
import { operatorRef, SeenMarks } from "./seen";
import { ConversationTags } from "./tags";
import { conversationHead, conversationNotFound } from "./view";

const p = sql.placeholder;
const YEAR_MS = 366 * 86_400_000;

/** TeamWork assigns conversations, records what operators have seen and relays their typing. */
export class TeamWork {
  private byId;
  private member;
  private seen;
  private typingGate;
  private tags;
  constructor(private ctx: AppContext) {
    const db = ctx.store.db;
    this.byId = conversationById(db);
    this.member = db
      .select({ id: users.id, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.userId, p("userId")), eq(memberships.workspaceId, p("workspaceId"))))
      .prepare();
    this.seen = new SeenMarks(db);
    this.typingGate = new TypingGate(() => ctx.clock.now());
    this.tags = new ConversationTags(db);
  }

  private async visible(operator: Operator, id: string): Promise<ConversationRow> {
    const c = await this.byId(id);
    if (!c || !roleOf(operator, c.workspaceId)) throw conversationNotFound();
    return c;
  }

  /** assign gives the conversation to a member of its workspace, or to nobody (422 account_not_member otherwise). */
  async assign(operator: Operator, id: string, accountId: string | null): Promise<{ conversation: ConversationHead & { assignee: Assignee } }> {
    const current = await this.visible(operator, id);
    const assignee = accountId ? ((await this.member.get({ userId: accountId, workspaceId: current.workspaceId })) ?? null) : null;
    if (accountId && !assignee) throw new HttpError(422, "account_not_member", "That account is not a member of this conversation's workspace.", "accountId");
    // note: assignment is not activity: updatedAt stays, so the inbox order and the widget do not move.
    const next = { ...current, assigneeId: accountId };
    await this.ctx.store.write(async (tx) => {
      await tx.update(conversations).set({ assigneeId: accountId }).where(eq(conversations.id, id)).run();
      publishToOperators(this.ctx, next);
    });
    return { conversation: { ...conversationHead(next, this.ctx.clock.now()), assignee } };
  }

  /** markSeen records that the operator has seen the conversation up to messageId (the latest message when absent). */
  async markSeen(operator: Operator, id: string, messageId?: string): Promise<void> {
    await this.visible(operator, id);
    const seq = await this.seen.seqOf(id, messageId);
    if (seq === null) throw new HttpError(422, "message_not_found", "No such message in this conversation.", "messageId");
    await this.ctx.store.write(() => this.seen.mark(id, operatorRef(operator), seq));
  }

  /** typing shows the visitor that an operator is writing, by display name only (never an account id); at most every 2 s. */
  async typing(operator: Operator, id: string): Promise<void> {
    const conversation = await this.visible(operator, id);
    if (this.typingGate.pass(id, "operator")) publishTyping(this.ctx, conversation, { kind: "operator", name: operator.name });
  }

  /** setTags replaces the conversation's tags; operators hear of it, the widget does not. */
  async setTags(operator: Operator, id: string, tags: string[]): Promise<{ conversation: { id: string; tags: string[] } }> {
    const current = await this.visible(operator, id);
    await this.ctx.store.write(async (tx) => {
      await this.tags.replace(tx, id, current.workspaceId, tags);
      publishToOperators(this.ctx, current);
    });
    return { conversation: { id, tags: [...new Set(tags)].sort() } };
  }

  /** snooze puts an open conversation aside until a time within a year (422 otherwise), or wakes it with null. */
  async snooze(operator: Operator, id: string, until: string | null): Promise<{ conversation: ConversationHead }> {
    const current = await this.visible(operator, id);
    const now = this.ctx.clock.now();
    const at = until === null ? null : Date.parse(until);
    if (at !== null && (!(at > now) || at > now + YEAR_MS)) throw new HttpError(422, "invalid_snooze", "Snooze until a time in the coming year.", "until");
    if (current.status === "closed" && at !== null) throw new HttpError(422, "conversation_closed", "A closed conversation cannot be snoozed; reopen it first.", "until");
    // note: like assignment, a snooze is not activity: the widget sees the conversation open, as it was.
    const next = { ...current, snoozedUntil: at };
    await this.ctx.store.write(async (tx) => {
      await tx.update(conversations).set({ snoozedUntil: at }).where(eq(conversations.id, id)).run();
      publishToOperators(this.ctx, next);
    });
    return { conversation: conversationHead(next, now) };
  }
}
