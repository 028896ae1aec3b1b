// The agents part of the operator API as the console uses it: sources, Try it, the provider, handoff.
import { del, get, post } from "./api";

/** Source is one document attached to an agent, split into passages (chunks). */
export interface Source {
  id: string;
  title: string;
  url?: string | null;
  chars: number;
  chunks: number;
  createdAt: string;
}
/** Passage is one piece of a source the answer was built from, with its retrieval score. */
export interface Passage {
  sourceId: string;
  title: string;
  score: number;
  text: string;
}
/** Trace is what an answer or a failed attempt kept for operators (CONTRACT §7). */
export interface Trace {
  mode?: "provider" | "extractive";
  provider?: { host: string } | null;
  model?: string | null;
  messages?: { role: string; content: string }[];
  passages?: Passage[];
  usage?: { promptTokens?: number; completionTokens?: number; totalTokens?: number } | null;
  latencyMs?: number | null;
  /** reason is why the conversation went to the team, when it did. */
  reason?: string;
  error?: string;
}
/** REASONS says in words why a conversation went to the team. */
export const REASONS: Record<string, string> = {
  asked_for_person: "The visitor asked for a person in a message.",
  visitor: "The visitor pressed “Talk to a person”.",
  no_context: "Nothing in the agent's sources matched well enough.",
  provider_failed: "The model provider failed.",
  guard: "The answer repeated the instructions or the prompt, so it was withheld.",
  limit: "The agent reached its answer limit.",
  operator: "An operator took over.",
};
/** Tried is the answer of Try it: an answer, or a handoff with its reason, and the trace either way. */
export interface Tried {
  answer: { body: string; sources: { title: string; url: string }[] } | null;
  handoff: boolean;
  reason?: string;
  trace: Trace;
}
/** ProviderTest is the answer of the provider test. */
export interface ProviderTest {
  ok: boolean;
  host?: string | null;
  model?: string | null;
  latencyMs?: number;
  error?: string;
}

const agent = (ws: string, id: string) => `/api/admin/workspaces/${encodeURIComponent(ws)}/agents/${encodeURIComponent(id)}`;

/** agentsApi is the console's view of the agent routes. */
export const agentsApi = {
  sources: async (ws: string, id: string): Promise<Source[]> => (await get(`${agent(ws, id)}/sources`)).sources,
  addText: (ws: string, id: string, body: { title: string; text: string; url?: string }): Promise<Source> => post(`${agent(ws, id)}/sources`, body),
  upload: (ws: string, id: string, form: FormData): Promise<Source> => post(`${agent(ws, id)}/sources`, form),
  removeSource: (ws: string, id: string, sourceId: string) => del(`${agent(ws, id)}/sources/${encodeURIComponent(sourceId)}`),
  tryIt: (ws: string, id: string, question: string): Promise<Tried> => post(`${agent(ws, id)}/try`, { question }),
  testProvider: (ws: string): Promise<ProviderTest> => post(`/api/admin/workspaces/${encodeURIComponent(ws)}/ai/test`, {}),
  handoff: (conversationId: string, to: "agent" | "team") => post(`/api/admin/conversations/${encodeURIComponent(conversationId)}/handoff`, { to }),
};

