// The model provider: which one a workspace uses, and one chat-completions call through the openai client.
import OpenAI from "openai";
import { Stream } from "openai/streaming";
import type { ChatCompletionChunk, ChatCompletion } from "openai/resources/chat/completions";
import type { Config } from "../config";
import type { ChatMessage } from "./prompt";

/** Provider is an OpenAI-compatible endpoint, its model and key, and where it was set. */
export interface Provider {
  url: string;
  model: string;
  key: string | null;
  source: "workspace" | "server";
}

/** WorkspaceAi is a workspace's own provider as stored (the key never leaves the server). */
export type WorkspaceAi = { url: string; model: string; key?: string } | null;

/** resolveProvider picks the workspace's provider, else the server's, else none (extractive mode). */
export function resolveProvider(config: Config, ai: WorkspaceAi | undefined): Provider | null {
  if (ai?.url && ai.model) return { url: ai.url, model: ai.model, key: ai.key ?? null, source: "workspace" };
  if (config.ai.url && config.ai.model) return { url: config.ai.url, model: config.ai.model, key: config.ai.key, source: "server" };
  return null;
}

/** hostOf names a provider by its URL's host only (what a trace shows). */
export const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : "invalid");

/** Usage is the token count a provider reports. */
export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

/** ChatResult is what a provider answered. */
export interface ChatResult {
  text: string;
  usage: Usage | null;
}

/** ProviderError is a failed call, with a sentence for the trace. */
export class ProviderError extends Error {}

const usageOf = (u: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null | undefined): Usage | null =>
  u ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, totalTokens: u.total_tokens } : null;

/**
 * chat sends one streaming chat-completions request and calls onText with the text so far as it
 * arrives; a provider answering without streaming (plain JSON) is accepted too. The timeout runs
 * from the request to the last byte; no retries, so a failing provider costs one request.
 */
export async function chat(p: Provider, messages: ChatMessage[], timeoutMs: number, onText: (soFar: string) => void = () => {}): Promise<ChatResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const client = new OpenAI({
    baseURL: p.url,
    // note: every credential is passed, so none is read from OPENAI_* variables and sent to
    // whatever URL is set; without a key (Ollama, vLLM) the Authorization header is left out.
    apiKey: p.key ?? "unused",
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    logLevel: "off",
    maxRetries: 0,
    timeout: timeoutMs,
    ...(p.key ? {} : { defaultHeaders: { Authorization: null } }),
  });
  try {
    const response = await client.chat.completions
      .create({ model: p.model, messages, stream: true, stream_options: { include_usage: true } }, { signal: controller.signal })
      .asResponse();
    let text = "";
    let usage: Usage | null = null;
    if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(response, controller)) {
        const piece = chunk.choices?.[0]?.delta?.content ?? "";
        if (chunk.usage) usage = usageOf(chunk.usage);
        if (piece) onText((text += piece));
      }
    } else {
      const body = (await response.json()) as ChatCompletion;
      text = body.choices?.[0]?.message?.content ?? "";
      usage = usageOf(body.usage);
      if (text) onText(text);
    }
    if (!text.trim()) throw new ProviderError("The provider answered with no text.");
    return { text: text.trim(), usage };
  } catch (error) {
    throw describe(error, timedOut, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

// note: the sentence names what happened, never the key or the provider's own error body.
function describe(error: unknown, timedOut: boolean, timeoutMs: number): ProviderError {
  if (error instanceof ProviderError) return error;
  if (timedOut) return new ProviderError(`The provider gave no complete answer within ${Math.round(timeoutMs / 1000)} s.`);
  if (error instanceof OpenAI.APIError && typeof error.status === "number") return new ProviderError(`The provider answered HTTP ${error.status}.`);
  if (error instanceof OpenAI.APIConnectionError) return new ProviderError("The provider could not be reached (connection refused or failed).");
  return new ProviderError(`The provider call failed: ${String((error as Error)?.message ?? error).slice(0, 200)}`);
}
