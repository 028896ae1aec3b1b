// The workspace's provider settings, the agents' "Try it" answers and the provider test.
import { and, eq } from "drizzle-orm";
import { agents } from "../../../../db/schema";
import { asksForPerson } from "../../../agents/prompt";
import { chat, hostOf, ProviderError, resolveProvider, type WorkspaceAi } from "../../../agents/provider";
import { respond } from "../../../agents/respond";
import type { Config } from "../../../config";
import type { AppContext } from "../../../context";
import { HttpError } from "../../../lib/http-error";
import type { Operator } from "../../../plugins/admin-auth";
import { existingWorkspace } from "../shared";
import type { AiPatch, AiProviderView, AiTestAnswer, AiView, TryAnswer } from "./model";

/** aiView shows a stored provider without its key. */
export const aiView = (ai: WorkspaceAi): AiView => (ai ? { url: ai.url, model: ai.model, keySet: !!ai.key } : null);

/** aiProviderView names the provider in use by host and model only. */
export function aiProviderView(config: Config, ai: WorkspaceAi): AiProviderView {
  const p = resolveProvider(config, ai);
  return p ? { source: p.source, host: hostOf(p.url), model: p.model } : { source: "none" };
}

/** patchAi applies a settings.ai patch: an absent key keeps the stored one while the URL keeps its origin,
 *  null clears it. (Whether the URL may be used at all is the workspace update's to check, see reach.) */
export function patchAi(current: WorkspaceAi, patch: AiPatch): WorkspaceAi {
  if (!patch) return null;
  const url = patch.url.replace(/\/+$/, "");
  // note: a stored key goes only to the origin it was entered for; whoever moves the URL to another host
  // (and so could read the key off its requests) must enter a key too.
  const kept = current?.key && new URL(current.url).origin === new URL(url).origin ? current.key : undefined;
  const key = patch.key === undefined ? kept : (patch.key ?? undefined);
  return key ? { url, model: patch.model, key } : { url, model: patch.model };
}

/** AiService answers the console's agent tools. */
export class AiService {
  constructor(private ctx: AppContext) {}

  /** tryAgent answers a question as the agent would, without a conversation, with the trace; each answer
   *  counts against the workspace's agent answers per day (429 past them). */
  async tryAgent(operator: Operator, workspaceId: string, agentId: string, question: string): Promise<TryAnswer> {
    const ws = await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const agent = await this.ctx.store.db.select().from(agents).where(and(eq(agents.id, agentId), eq(agents.workspaceId, workspaceId))).get();
    if (!agent) throw new HttpError(404, "agent_not_found", "No such agent in this workspace.");
    const provider = resolveProvider(this.ctx.config, ws.ai, this.ctx.resolveHost);
    if (asksForPerson(question)) {
      const trace = { mode: provider ? ("provider" as const) : ("extractive" as const), provider: provider ? { host: hostOf(provider.url) } : null, model: provider?.model ?? null, messages: [], passages: [], usage: null, latencyMs: 0, reason: "asked_for_person" as const };
      return { answer: null, handoff: true, reason: "asked_for_person", trace };
    }
    this.countAnswer(workspaceId);
    const reply = await respond({ config: this.ctx.config, retriever: this.ctx.agents.retriever, now: () => Date.now() }, { agent, provider, history: [{ role: "user", content: question }] });
    return reply.answer ? { answer: reply.answer, handoff: false, trace: reply.trace } : { answer: null, handoff: true, reason: reply.handoff, trace: reply.trace };
  }

  /** test asks the provider in use for a one-word answer and reports whether it came. */
  async test(operator: Operator, workspaceId: string): Promise<AiTestAnswer> {
    const ws = await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const provider = resolveProvider(this.ctx.config, ws.ai, this.ctx.resolveHost);
    if (!provider) return { ok: false, host: null, model: null, latencyMs: 0, error: "No provider is set: agents answer by quoting their sources." };
    // note: a test is a provider call on the workspace's (or the server's) account, so it is counted like an answer.
    this.countAnswer(workspaceId);
    const started = Date.now();
    try {
      await chat(provider, [{ role: "user", content: "Reply with the single word OK." }], this.ctx.config.ai.timeoutMs);
      return { ok: true, host: hostOf(provider.url), model: provider.model, latencyMs: Date.now() - started };
    } catch (error) {
      const message = error instanceof ProviderError ? error.message : "The provider call failed.";
      return { ok: false, host: hostOf(provider.url), model: provider.model, latencyMs: Date.now() - started, error: message };
    }
  }

  // note: each provider call made from the console counts against the workspace's agent answers per day (429 past them).
  private countAnswer(workspaceId: string) {
    const wait = this.ctx.agents.countWorkspaceAnswer(workspaceId);
    if (wait) {
      throw new HttpError(429, "answer_limit", `This workspace has used its agent answers for the day; try again in ${Math.ceil(wait / 60)} min.`, undefined, { "retry-after": String(wait) });
    }
  }
}
