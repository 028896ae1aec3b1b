// Agents at work in conversations: typing, the answer off the request path, limits, and handoffs.
import { yieldToLoop } from "../lib/deadline";
import { and, desc, eq } from "drizzle-orm";
import { agents, conversations, messageInternals, messages, workspaces } from "../../db/schema";
import type { AppContext } from "../context";
import type { ConversationRow, MessageRow } from "../domain/conversations";
import { newId, newOrderedId } from "../lib/ids";
import { FixedWindows } from "../lib/windows";
import { publishConversation, publishDelta, publishMessage, publishTyping } from "../realtime/publish";
import { PostgresRetriever } from "./postgres-retriever";
import { asksForPerson, type ChatMessage } from "./prompt";
import { resolveProvider } from "./provider";
import { respond, type Reply } from "./respond";
import { SqliteRetriever, type Retriever } from "./retriever";
import type { HandoffReason, Trace } from "./trace";

const HOUR = 3_600_000;
const HISTORY = 20;
// note: deltas go out at most every 100 ms, well inside the 250 ms the contract asks for.
const DELTA_MS = 100;

type AgentRow = typeof agents.$inferSelect;

/** AgentRuntime answers customer messages in agent-handled conversations and hands them to the team. */
export class AgentRuntime {
  readonly retriever: Retriever;
  private windows: FixedWindows;
  private queues = new Map<string, Promise<void>>();

  /** drafts holds, per conversation with an answer being written, what drops it once the conversation leaves the agent. */
  private drafts = new Map<string, AbortController>();

  constructor(private ctx: AppContext) {
    // note: sources are searched with SQLite's full-text index (FTS5), or on Postgres with passage_words (tsvector).
    this.retriever = ctx.store.dialect === "sqlite" ? new SqliteRetriever(ctx.store.db) : new PostgresRetriever(ctx.store.db);
    this.windows = new FixedWindows(() => ctx.clock.now());
  }

  private async agentOf(id: string): Promise<AgentRow | undefined> {
    return await this.ctx.store.db.select().from(agents).where(eq(agents.id, id)).get();
  }

  /** onCustomerMessage shows the agent typing at once and answers later, one message at a time per conversation. */
  async onCustomerMessage(conversation: ConversationRow, message: MessageRow): Promise<void> {
    if (conversation.handler !== "agent" || !conversation.agentId) return;
    const agent = await this.agentOf(conversation.agentId);
    if (!agent) return;
    const author = { kind: "agent" as const, name: agent.name, ...(agent.avatarUrl ? { avatarUrl: agent.avatarUrl } : {}) };
    publishTyping(this.ctx, conversation, author);
    const id = conversation.id;
    // note: the answer starts on a later turn of the event loop, so the send request is answered first.
    const next = (this.queues.get(id) ?? Promise.resolve())
      .then(yieldToLoop)
      .then(() => this.answer(id, message))
      .catch((error) => this.ctx.log(`woes: agent answer failed: ${String((error as Error)?.stack ?? error)}`));
    this.queues.set(id, next);
    void next.finally(() => this.queues.get(id) === next && this.queues.delete(id));
  }

  /** idle resolves when no answer is in progress (the tests wait on it). */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  private allowed(c: ConversationRow): boolean {
    const a = this.ctx.config.ai;
    const inConversation = this.windows.add(`conversation:${c.id}`, { max: a.answersPerConversationHour, windowMs: HOUR });
    const inWorkspace = this.countWorkspaceAnswer(c.workspaceId);
    return inConversation <= a.answersPerConversationHour && inWorkspace === 0;
  }

  /** countWorkspaceAnswer counts one answer in the workspace's daily window (conversations and "Try it" share
   *  it) and returns 0 while within the limit, else the seconds until the window ends. */
  countWorkspaceAnswer(workspaceId: string): number {
    const bucket = `workspace:${workspaceId}`;
    const max = this.ctx.config.ai.answersPerWorkspaceDay;
    if (this.windows.add(bucket, { max, windowMs: 24 * HOUR }) <= max) return 0;
    // note: a bucket the full map had no room for has no window of its own; it waits for room.
    return this.windows.secondsLeft(bucket) || this.windows.secondsToRoom();
  }

  private async history(conversationId: string): Promise<ChatMessage[]> {
    const rows = await this.ctx.store.db
      .select({ kind: messages.authorKind, body: messages.body })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.internal, false)))
      .orderBy(desc(messages.seq))
      .limit(HISTORY)
      .all();
    // note: internal notes never go to a provider; system messages are the server's, not the conversation's.
    return rows
      .reverse()
      .filter((m) => m.kind !== "system")
      .map((m) => ({ role: m.kind === "customer" ? ("user" as const) : ("assistant" as const), content: m.body }));
  }

  private async answer(conversationId: string, message: MessageRow): Promise<void> {
    const db = this.ctx.store.db;
    const c = await db.select().from(conversations).where(eq(conversations.id, conversationId)).get();
    if (!c || c.handler !== "agent" || !c.agentId) return;
    const agent = await this.agentOf(c.agentId);
    if (!agent) return;
    if (asksForPerson(message.body)) return void (await this.handoff(c.id, "asked_for_person"));
    if (!this.allowed(c)) return void (await this.handoff(c.id, "limit"));
    const ws = await db.select({ ai: workspaces.ai }).from(workspaces).where(eq(workspaces.id, c.workspaceId)).get();
    const draftId = newId("draft");
    const draft = new AbortController();
    this.drafts.set(c.id, draft);
    const deltas = this.deltas(c, draftId, draft.signal);
    let reply: Reply;
    try {
      reply = await respond(
        { config: this.ctx.config, retriever: this.retriever, now: () => Date.now() },
        { agent, provider: resolveProvider(this.ctx.config, ws?.ai, this.ctx.resolveHost), history: await this.history(c.id) },
        deltas.push,
        draft.signal,
      );
    } finally {
      deltas.stop();
      this.drafts.delete(c.id);
    }
    // note: dropped by a handoff; the conversation may be the agent's again by now (given back), and this is no failure.
    if (draft.signal.aborted) return;
    if (reply.answer) await this.store(c.id, agent, reply.answer, reply.trace);
    else await this.handoff(c.id, reply.handoff, reply.trace);
  }

  // note: the text so far goes out at most every DELTA_MS; a trailing timer sends the last of it. Once the conversation
  // left the agent (the visitor asked for a person, an operator took it), no more of it goes out: the answer will not
  // be stored, and the visitor would see a draft again under the handoff.
  private deltas(c: ConversationRow, draftId: string, dropped: AbortSignal) {
    let sent = "";
    let pending = "";
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      if (dropped.aborted || pending === sent) return;
      sent = pending;
      last = Date.now();
      publishDelta(this.ctx, c, draftId, sent);
    };
    return {
      push: (shown: string) => {
        if (!shown || shown === sent) return;
        pending = shown;
        const wait = DELTA_MS - (Date.now() - last);
        if (wait <= 0) flush();
        else timer ??= setTimeout(flush, wait);
      },
      stop: () => timer && clearTimeout(timer),
    };
  }

  private async store(conversationId: string, agent: AgentRow, answer: { body: string; sources: { title: string; url: string }[] }, trace: Trace) {
    const now = this.ctx.clock.now();
    await this.ctx.store.write(async (tx) => {
      const c = await tx.select().from(conversations).where(eq(conversations.id, conversationId)).get();
      // note: a visitor or operator may have taken the conversation to the team while the model wrote.
      if (!c || c.handler !== "agent") return;
      const m = await tx
        .insert(messages)
        .values({ id: newOrderedId("msg", now), conversationId, workspaceId: c.workspaceId, authorKind: "agent", authorName: agent.name, authorAvatarUrl: agent.avatarUrl, agentId: agent.id, body: answer.body, sources: answer.sources.length ? answer.sources : null, createdAt: now })
        .returning()
        .get();
      await tx.insert(messageInternals).values({ messageSeq: m.seq, details: { trace } }).run();
      await tx.update(conversations).set({ updatedAt: now }).where(eq(conversations.id, conversationId)).run();
      publishMessage(this.ctx, { ...c, updatedAt: now }, m);
    });
  }

  /** handoff gives an agent's conversation to the team with the handoff message (and the trace of a failed attempt); null when it was not the agent's. */
  async handoff(conversationId: string, reason: HandoffReason, trace?: Trace): Promise<ConversationRow | null> {
    const now = this.ctx.clock.now();
    const done = await this.ctx.store.write(async (tx) => {
      const c = await tx.select().from(conversations).where(eq(conversations.id, conversationId)).get();
      if (!c || c.handler !== "agent") return null;
      const next: ConversationRow = { ...c, handler: "team", waitingForTeam: true, status: "open", updatedAt: now };
      await tx.update(conversations).set({ handler: "team", waitingForTeam: true, status: "open", updatedAt: now }).where(eq(conversations.id, conversationId)).run();
      const m = await tx
        .insert(messages)
        .values({ id: newOrderedId("msg", now), conversationId, workspaceId: c.workspaceId, authorKind: "system", body: this.ctx.config.ai.handoffMessage, createdAt: now })
        .returning()
        .get();
      await tx.insert(messageInternals).values({ messageSeq: m.seq, details: { handoff: { reason }, ...(trace ? { trace } : {}) } }).run();
      publishConversation(this.ctx, next);
      publishMessage(this.ctx, next, m);
      return next;
    });
    if (!done) return null;
    // note: the answer being written would not be stored, so the provider call is dropped rather than paid for to its end.
    this.drafts.get(conversationId)?.abort();
    return done;
  }

  /** giveBack hands a conversation back to its agent; null when it has none. */
  async giveBack(conversationId: string): Promise<ConversationRow | null> {
    return await this.ctx.store.write(async (tx) => {
      const c = await tx.select().from(conversations).where(eq(conversations.id, conversationId)).get();
      if (!c?.agentId) return null;
      await tx.update(conversations).set({ handler: "agent", waitingForTeam: false }).where(eq(conversations.id, conversationId)).run();
      const next = { ...c, handler: "agent" as const, waitingForTeam: false };
      publishConversation(this.ctx, next);
      return next;
    });
  }
}
