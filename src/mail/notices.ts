// What the server mails: operator replies to offline visitors (batched), and new or waiting conversations to
// operators who opted in. Never internal notes, never another conversation's messages.
import { and, asc, eq, gt, inArray, lte, max } from "drizzle-orm";
import { contacts, conversations, mailBatches, memberships, messages, readMarks, users, visitors, workspaces } from "../../db/schema";
import type { AppContext } from "../context";
import { serverOrigin } from "../lib/origin";
import type { ConversationRow, MessageRow } from "../domain/conversations";
import { topics } from "../realtime/hub";
import { ONLINE_MS } from "../routes/widget/presence/book";
import { allowedPage, createConversationLink } from "./links";
import type { Mailer, Sent } from "./mailer";
import { Outbox } from "./outbox";
import { CLAIM_MS, nextTry, SEND_BOUND_MS, Taken, tryBounded } from "./tries";

// note: files are named as text (never linked: a mailed link would outlive the 15-minute signature), so a reply of files alone is not an empty mail.
const filesLine = (files: { name: string }[] | null) =>
  files?.length ? [`(sent ${files.length} file${files.length === 1 ? "" : "s"}: ${files.map((f) => f.name).join(", ")})`] : [];

/** MailNotices decides what to mail when a message is published, and sends due reply batches and kept mails. */
export class MailNotices {
  /** outbox sends operator notices and password reset mails, and tries again those the SMTP server did not take. */
  readonly outbox: Outbox;

  constructor(
    private ctx: AppContext,
    private mailer: Mailer,
    /** sendBoundMs bounds one whole send (SEND_BOUND_MS unless a test makes it shorter). */
    private sendBoundMs = SEND_BOUND_MS,
  ) {
    this.outbox = new Outbox(ctx, mailer, sendBoundMs);
  }

  /** origin is the server's public address used in mailed links. */
  get origin() {
    return serverOrigin(this.ctx.config);
  }

  /** onMessage reacts to a published message; without SMTP it does nothing. */
  onMessage(conversation: ConversationRow, message: MessageRow) {
    if (!this.mailer.enabled) return;
    let task: Promise<void> | null = null;
    if (message.authorKind === "operator" && !message.internal) task = this.queueReply(conversation, message);
    // note: an agent's new conversation reaches operators when it is handed to them, not before.
    else if (message.authorKind === "customer" && message.createdAt === conversation.createdAt && conversation.handler !== "agent") task = this.tellOperators(conversation, "New conversation", message.body);
    else if (message.authorKind === "system" && conversation.waitingForTeam) task = this.tellOperators(conversation, "Waiting for a person", null);
    task?.catch((e) => this.ctx.log(`woes: mail failed: ${(e as Error).message}`));
  }

  /** online tells whether a visitor has an open stream or a non-offline heartbeat within ONLINE_MS. */
  online(visitorId: string): boolean {
    if (this.ctx.hub.listeners(topics.visitor(visitorId)) > 0) return true;
    const beat = this.ctx.presence.get(visitorId);
    return !!beat && beat.state !== "offline" && this.ctx.clock.now() - beat.lastSeenAt < ONLINE_MS;
  }

  // note: a verified contact is one customer on every device: each of its visitors may be the one reading.
  private async readers(conversation: ConversationRow): Promise<string[]> {
    if (!conversation.contactId) return [conversation.visitorId];
    const devices = await this.ctx.store.db.select({ id: visitors.id }).from(visitors).where(eq(visitors.contactId, conversation.contactId)).all();
    return [...new Set([conversation.visitorId, ...devices.map((d) => d.id)])];
  }

  // note: queued even while the visitor seems online (a tab closing as the operator replies is still online
  // here); whether to mail is decided when the batch is due, from presence and what the visitor has read.
  private async queueReply(conversation: ConversationRow, message: MessageRow) {
    if (!(await this.recipient(conversation))) return;
    const dueAt = this.ctx.clock.now() + this.ctx.config.mail.delayMs;
    // note: the first reply opens the batch; later ones within the delay ride along in it.
    await this.ctx.store.write((tx) => tx.insert(mailBatches).values({ conversationId: conversation.id, afterSeq: message.seq - 1, dueAt }).onConflictDoNothing().run());
  }

  /** sendDue mails every batch whose delay has passed: one mail per conversation with its new replies. A batch
   *  the SMTP server did not take stays in the database and is tried again after each wait of --mail-retry, as are
   *  kept notices and reset mails (see Outbox). Returns how many mails the server took. */
  async sendDue(): Promise<number> {
    // note: ticks never overlap: a tick that comes while one still runs joins it instead of claiming batches itself.
    if (!this.mailer.enabled || this.stopping) return 0;
    this.running ??= this.tick().finally(() => (this.running = null));
    return this.running;
  }

  /** drain stops new sends and waits (at most ms) for those under way, so a shutdown never cuts a send it took. */
  async drain(ms: number) {
    this.stopping = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all([this.running?.catch(() => 0), this.outbox.idle()]), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private running: Promise<number> | null = null;
  private stopping = false;
  /** taken holds batches the SMTP server took whose settle did not land yet (keyed by conversation). */
  private taken = new Taken((message) => this.ctx.log(message));

  private async tick() {
    await this.taken.again();
    const due = await this.ctx.store.db.select().from(mailBatches).where(lte(mailBatches.dueAt, this.ctx.clock.now())).all();
    let sent = 0;
    for (const batch of due) {
      if (this.stopping) break;
      if (!this.taken.waiting(batch.conversationId) && (await this.sendOne(batch)) === "accepted") sent++;
    }
    return sent + (await this.outbox.sendDue(() => this.stopping));
  }

  private async sendOne(batch: typeof mailBatches.$inferSelect): Promise<Sent | "nothing" | "skipped"> {
    // note: claimed before sending (due again only after CLAIM_MS from now, read at the claim, not at the tick's
    // start), so another process's tick skips it while this send still talks to a slow server.
    const key = and(eq(mailBatches.conversationId, batch.conversationId), eq(mailBatches.dueAt, batch.dueAt));
    const claimedAt = this.ctx.clock.now();
    const claimed = await this.ctx.store.write((tx) => tx.update(mailBatches).set({ dueAt: claimedAt + CLAIM_MS }).where(key).returning().all());
    if (claimed.length === 0) return "skipped";
    const what = `mail for conversation ${batch.conversationId}`;
    const { outcome, notBefore } = await tryBounded(this.sendBatch(batch.conversationId, batch.afterSeq, claimedAt), {
      boundMs: this.sendBoundMs,
      claimedAt,
      what,
      log: this.ctx.log,
      onLateTaken: (late) => this.taken.record(batch.conversationId, what, () => this.settle(batch.conversationId, late.upTo)),
    });
    const { result } = outcome;
    const upTo = "upTo" in outcome ? outcome.upTo : undefined;
    try {
      if (result === "later") await this.retry(batch.conversationId, batch.attempts + 1, upTo, notBefore);
      else if (result === "accepted") await this.taken.record(batch.conversationId, what, () => this.settle(batch.conversationId, upTo));
      else await this.settle(batch.conversationId, upTo);
    } catch (e) {
      this.ctx.log(`woes: ${what} not recorded: ${(e as Error).message}`);
    }
    return result;
  }

  // note: the batch goes at once (accepted: never sent again; refused or given up: not tried again); replies that
  // came while it was being sent (after sentUpTo, the last one this try held) start the next batch.
  private async settle(conversationId: string, sentUpTo?: number) {
    const dueAt = this.ctx.clock.now() + this.ctx.config.mail.delayMs;
    await this.ctx.store.write(async (tx) => {
      await tx.delete(mailBatches).where(eq(mailBatches.conversationId, conversationId)).run();
      if (sentUpTo === undefined) return;
      const later = await tx.select({ seq: messages.seq }).from(messages).where(and(eq(messages.conversationId, conversationId), gt(messages.seq, sentUpTo), eq(messages.authorKind, "operator"), eq(messages.internal, false))).get();
      if (later) await tx.insert(mailBatches).values({ conversationId, afterSeq: sentUpTo, dueAt }).run();
    });
  }

  private async retry(conversationId: string, attempts: number, triedUpTo?: number, notBefore = 0) {
    const dueAt = nextTry(this.ctx, `mail for conversation ${conversationId}`, attempts, notBefore);
    if (dueAt === null) return this.settle(conversationId, triedUpTo);
    await this.ctx.store.write((tx) => tx.update(mailBatches).set({ attempts, dueAt }).where(eq(mailBatches.conversationId, conversationId)).run());
  }

  private async sendBatch(conversationId: string, afterSeq: number, now: number): Promise<{ result: Sent | "nothing"; upTo?: number }> {
    const db = this.ctx.store.db;
    const nothing = { result: "nothing" } as const;
    const conversation = await db.select().from(conversations).where(eq(conversations.id, conversationId)).get();
    if (!conversation) return nothing;
    const readers = await this.readers(conversation);
    if (readers.some((id) => this.online(id)) || (conversation.contactId && this.ctx.hub.listeners(topics.contact(conversation.contactId)) > 0)) return nothing;
    const to = await this.recipient(conversation);
    if (!to) return nothing;
    // note: replies the customer read in the messenger (on any of its devices) before leaving are not mailed.
    const mark = await db.select({ seq: max(readMarks.lastReadSeq) }).from(readMarks).where(and(eq(readMarks.conversationId, conversationId), inArray(readMarks.visitorId, readers))).get();
    const replies = await db
      .select({ seq: messages.seq, authorName: messages.authorName, body: messages.body, attachments: messages.attachments })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), gt(messages.seq, Math.max(afterSeq, mark?.seq ?? 0)), eq(messages.authorKind, "operator"), eq(messages.internal, false)))
      .orderBy(asc(messages.seq))
      .all();
    if (replies.length === 0) return nothing;
    const visitor = await db.select({ lastPage: visitors.lastPage }).from(visitors).where(eq(visitors.id, conversation.visitorId)).get();
    const pageUrl = await allowedPage(db, conversation.workspaceId, visitor?.lastPage?.url ?? null);
    const token = await createConversationLink(this.ctx.store, conversationId, pageUrl, now);
    const ws = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, conversation.workspaceId)).get();
    const text = [
      `You have ${replies.length === 1 ? "a new reply" : `${replies.length} new replies`} from ${ws?.name ?? "us"}:`,
      "",
      ...replies.flatMap((r) => [`${r.authorName ?? "Support"}:`, ...(r.body ? [r.body] : []), ...filesLine(r.attachments), ""]),
      `Continue the conversation: ${this.origin}/c/${token}`,
      "",
      "This link opens your conversation and works for 30 days; keep it to yourself.",
    ].join("\n");
    return { result: await this.mailer.send({ to, subject: `New reply from ${ws?.name ?? "support"}`, text }), upTo: replies.at(-1)!.seq };
  }

  // note: the contact's (verified) email wins over what the visitor typed.
  private async recipient(conversation: ConversationRow): Promise<string | null> {
    const db = this.ctx.store.db;
    if (conversation.contactId) {
      const c = await db.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, conversation.contactId)).get();
      if (c?.email) return c.email;
    }
    const v = await db.select({ email: visitors.email }).from(visitors).where(eq(visitors.id, conversation.visitorId)).get();
    return v?.email ?? null;
  }

  private async tellOperators(conversation: ConversationRow, subject: string, body: string | null) {
    const db = this.ctx.store.db;
    const members = await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.workspaceId, conversation.workspaceId)).all();
    if (members.length === 0) return;
    const to = await db.select({ email: users.email }).from(users).where(and(inArray(users.id, members.map((m) => m.userId)), eq(users.mailNotify, true))).all();
    const ws = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, conversation.workspaceId)).get();
    const text = [`${subject} in ${ws?.name ?? "your workspace"}.`, "", ...(body ? [body, ""] : []), `Open it: ${this.origin}/admin/inbox/${conversation.id}`].join("\n");
    await this.outbox.notify(conversation.id, to.map((r) => ({ to: r.email, subject: `${subject} — ${ws?.name ?? "Woes"}`, text })));
  }
}
