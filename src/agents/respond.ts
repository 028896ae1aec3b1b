// One answer from an agent: retrieve passages, ask the provider (or quote a passage), guard, trace.
import type { Config } from "../config";
import { extractiveAnswer, guardFor, systemPrompt, Guard, type ChatMessage } from "./prompt";
import { ANSWER_CHARS, chat, hostOf, ProviderError, type Provider } from "./provider";
import { MATCH_THRESHOLD, type Retriever, type ScoredPassage } from "./retriever";
import type { HandoffReason, Trace } from "./trace";

/** PASSAGES_SENT is how many passages at most go to the model. */
export const PASSAGES_SENT = 4;

/** Question is what an answer is asked for: the agent, the provider, and the conversation so far. */
export interface Question {
  agent: { id: string; name: string; instructions: string | null };
  provider: Provider | null;
  /** history is the conversation's public messages, oldest first; the last is the question. */
  history: ChatMessage[];
}

/** Reply is an answer to show, or the reason to hand the conversation to the team, with its trace. */
export type Reply = { answer: { body: string; sources: { title: string; url: string }[] }; handoff?: undefined; trace: Trace } | { answer: null; handoff: HandoffReason; trace: Trace };

/** RespondDeps are the parts an answer needs. */
export interface RespondDeps {
  config: Config;
  retriever: Retriever;
  now: () => number;
}

const passageTrace = (p: ScoredPassage) => ({ sourceId: p.sourceId, title: p.title, score: p.score, text: p.text });

// note: every source with a URL that was used is named; internal ones (no URL) never are.
function citations(used: ScoredPassage[]) {
  const seen = new Map<string, { title: string; url: string }>();
  for (const p of used) if (p.url && !seen.has(p.sourceId)) seen.set(p.sourceId, { title: p.title, url: p.url });
  return [...seen.values()];
}

/** respond answers the last message of q.history; onText sees the shown text so far (guarded, last 39 characters held back). */
export async function respond(deps: RespondDeps, q: Question, onText: (shown: string) => void = () => {}, signal?: AbortSignal): Promise<Reply> {
  const started = deps.now();
  const asked = q.history.filter((m) => m.role === "user").map((m) => m.content);
  const search = async (question: string) => (await deps.retriever.search(q.agent.id, question, PASSAGES_SENT)).filter((p) => p.score >= MATCH_THRESHOLD);
  let found = await search(asked.at(-1) ?? "");
  // note: a follow-up ("Does it expire?") is searched together with the question before it.
  if (found.length === 0 && asked.length > 1) found = await search(asked.slice(-2).join("\n"));
  const guard = guardFor(q.agent.name, q.agent.instructions);
  const base = {
    mode: q.provider ? ("provider" as const) : ("extractive" as const),
    provider: q.provider ? { host: hostOf(q.provider.url) } : null,
    model: q.provider?.model ?? null,
    messages: [] as ChatMessage[],
    passages: found.map(passageTrace),
    usage: null,
  };
  const fail = (handoff: HandoffReason, error?: string, extra: Partial<Trace> = {}): Reply => ({
    answer: null,
    handoff,
    trace: { ...base, ...extra, latencyMs: deps.now() - started, reason: handoff, ...(error ? { error } : {}) },
  });
  if (found.length === 0) return fail("no_context", "No passage of this agent's sources matches the question well enough.");
  if (!q.provider) {
    const body = extractiveAnswer(found[0]!);
    if (guard.leaks(body)) return fail("guard", "The answer repeated the agent's instructions or the server's prompt; it was withheld.");
    return { answer: { body, sources: citations([found[0]!]) }, trace: { ...base, passages: [passageTrace(found[0]!)], latencyMs: deps.now() - started } };
  }
  const messages: ChatMessage[] = [{ role: "system", content: systemPrompt(q.agent.name, q.agent.instructions, found) }, ...q.history];
  const leaks = guard.watch();
  let leaked = false;
  try {
    // note: chat reads the whole answer through here, so every run of it is checked once, as it arrives.
    const result = await chat(
      q.provider,
      messages,
      deps.config.ai.timeoutMs,
      (soFar) => {
        if (leaked || (leaked = leaks(soFar))) return;
        onText(Guard.shown(soFar));
      },
      signal,
    );
    if (leaked) return fail("guard", "The answer repeated the agent's instructions or the server's prompt; it was withheld.", { messages, usage: result.usage });
    return { answer: { body: result.text.slice(0, ANSWER_CHARS), sources: citations(found) }, trace: { ...base, messages, usage: result.usage, latencyMs: deps.now() - started } };
  } catch (error) {
    return fail("provider_failed", error instanceof ProviderError ? error.message : "The provider call failed.", { messages });
  }
}
