// The model provider: which one a workspace uses, and one chat-completions call through the openai client.
import { yieldToLoop } from "../lib/deadline";
import OpenAI from "openai";
import { Stream } from "openai/streaming";
import type { ChatCompletionChunk, ChatCompletion } from "openai/resources/chat/completions";
import type { Config } from "../config";
import { LOOKUP_MS, reach, type ResolveHost } from "../lib/private-host";
import { GUARD_RUN, type ChatMessage } from "./prompt";

/** Provider is an OpenAI-compatible endpoint, its model and key, and where it was set. */
export interface Provider {
  url: string;
  model: string;
  key: string | null;
  source: "workspace" | "server";
  /** screen: a workspace URL, checked before each call and refused when it reaches the server's own network or its
   *  name resolves to nothing (unless the server runs with --ai-allow-private-urls); its host name is resolved with this. */
  screen?: ResolveHost;
}

/** WorkspaceAi is a workspace's own provider as stored (the key never leaves the server). */
export type WorkspaceAi = { url: string; model: string; key?: string } | null;

/** resolveProvider picks the workspace's provider, else the server's, else none (extractive mode); a workspace's
 *  URL is screened at each call unless the server allows private URLs (without resolveHost no name resolves, so only a
 *  public literal address would be called). */
export function resolveProvider(config: Config, ai: WorkspaceAi | undefined, resolveHost: ResolveHost = NO_LOOKUP): Provider | null {
  // note: checked at each call, not only when saved: a URL saved before the check, or while the server ran with
  // --ai-allow-private-urls, is refused once the server runs without it; so is a name that resolves there now.
  if (ai?.url && ai.model) return { url: ai.url, model: ai.model, key: ai.key ?? null, source: "workspace", ...(config.ai.allowPrivateUrls ? {} : { screen: resolveHost }) };
  if (config.ai.url && config.ai.model) return { url: config.ai.url, model: config.ai.model, key: config.ai.key, source: "server" };
  return null;
}

const NO_LOOKUP: ResolveHost = async () => [];

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

/** ANSWER_CHARS is the longest answer kept. */
export const ANSWER_CHARS = 5000;
// note: read 39 characters past what is kept, so the deltas (all but the last 39 characters) reach the whole kept answer.
const READ_CHARS = ANSWER_CHARS + GUARD_RUN - 1;
// note: the largest answer in one JSON body (bytes) that is read at all; 5 000 characters take a small part of it.
const MAX_BODY = 1024 * 1024;
// note: a flood arrives faster than it is read, so the reader finds events already buffered and reads on without the
// event loop running; it hands the loop back this often, so nothing else waits on it long and the timeout fires.
const SLICE_MS = 10;

/** Read is what was read of an answer; whole when the provider finished it or it filled what is kept. */
interface Read {
  text: string;
  usage: Usage | null;
  whole: boolean;
}

/** aborted settles (as a failure) once signal aborts; the race it joins ends with the call's timeout. */
const aborted = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

const late = (timeoutMs: number) => new ProviderError(`The provider gave no complete answer within ${timeoutMs / 1000} s.`);

// note: a redirect is not followed but answered as the provider's failure (HTTP 30x): a workspace's provider URL is
// checked when saved (no private host), and a public URL that redirects to the server's own network would pass it.
const noRedirects = (url: string | URL | Request, init?: RequestInit) => fetch(url, { ...init, redirect: "manual" });

/**
 * chat sends one streaming chat-completions request and calls onText with the text so far as it
 * arrives; a provider answering without streaming (plain JSON) is accepted too. The timeout runs
 * from the host's lookup (a workspace's host is screened) to the last byte; no retries, so a failing provider costs one request. The text
 * is read no further than ANSWER_CHARS and the guard's hold-back. An aborted signal drops the call (its answer is no
 * longer wanted).
 */
export async function chat(p: Provider, messages: ChatMessage[], timeoutMs: number, onText: (soFar: string) => void = () => {}, signal?: AbortSignal): Promise<ChatResult> {
  const controller = new AbortController();
  const drop = () => controller.abort();
  if (signal?.aborted) drop();
  signal?.addEventListener("abort", drop, { once: true });
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
    fetch: noRedirects,
    ...(p.key ? {} : { defaultHeaders: { Authorization: null } }),
  });
  try {
    // note: the host's lookup is part of the call, so a resolver that never answers meets the same timeout.
    const where = p.screen && (await Promise.race([reach(p.url, p.screen), aborted(controller.signal)]));
    if (where === "own") {
      throw new ProviderError("The workspace's provider URL names or resolves to an address of the server's own network, which this server allows only with --ai-allow-private-urls.");
    }
    // note: not called at all, rather than left to fail: the connection would look the name up again, and a name that
    // answered the check with nothing could answer it with an address of the server's own network.
    if (where === "unresolved") throw new ProviderError(`The provider's host name (${new URL(p.url).hostname}) did not resolve to an address within ${LOOKUP_MS / 1000} s.`);
    // note: no token cap is asked for: reasoning models count their hidden reasoning against it (a cap sized to the
    // answer could leave them none), and the parameter's name differs between providers (max_tokens, which OpenAI's
    // newer models refuse, or max_completion_tokens); the reader stops at what is kept and drops the request instead.
    const response = await client.chat.completions
      .create({ model: p.model, messages, stream: true, stream_options: { include_usage: true } }, { signal: controller.signal })
      .asResponse();
    const sse = (response.headers.get("content-type") ?? "").includes("text/event-stream");
    const read = sse ? await readStream(response, controller, onText) : await readJson(response, onText);
    // note: a stream cut by the timeout, or by the provider, ends as quietly as a finished one.
    if (!read.whole) throw timedOut ? late(timeoutMs) : new ProviderError("The provider's stream ended before the answer was complete.");
    if (!read.text.trim()) throw new ProviderError("The provider answered with no text.");
    return { text: read.text.trim(), usage: read.usage };
  } catch (error) {
    throw describe(error, timedOut, timeoutMs);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", drop);
  }
}

async function readStream(response: Response, controller: AbortController, onText: (soFar: string) => void): Promise<Read> {
  let text = "";
  let usage: Usage | null = null;
  let whole = false;
  let since = performance.now();
  for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(response, controller)) {
    const choice = chunk.choices?.[0];
    if (chunk.usage) usage = usageOf(chunk.usage);
    if (choice?.finish_reason) whole = true;
    const piece = choice?.delta?.content ?? "";
    if (piece) onText((text = (text + piece).slice(0, READ_CHARS)));
    // note: leaving the loop aborts the request, so the provider stops writing what would not be kept.
    if (text.length === READ_CHARS) return { text, usage, whole: true };
    if (performance.now() - since > SLICE_MS) {
      await yieldToLoop();
      since = performance.now();
    }
  }
  return { text, usage, whole };
}

async function readJson(response: Response, onText: (soFar: string) => void): Promise<Read> {
  const body = JSON.parse(await boundedText(response)) as ChatCompletion;
  const text = (body.choices?.[0]?.message?.content ?? "").slice(0, READ_CHARS);
  if (text) onText(text);
  return { text, usage: usageOf(body.usage), whole: true };
}

// note: a body past MAX_BODY is refused as it arrives, before it fills memory or stalls the parser.
async function boundedText(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > MAX_BODY) {
      void reader.cancel().catch(() => {});
      throw new ProviderError(`The provider's answer was larger than ${MAX_BODY / 1024 / 1024} MB.`);
    }
    text += decoder.decode(r.value, { stream: true });
  }
  return text + decoder.decode();
}

// note: the sentence names what happened, never the key or the provider's own error body.
function describe(error: unknown, timedOut: boolean, timeoutMs: number): ProviderError {
  if (error instanceof ProviderError) return error;
  if (timedOut) return late(timeoutMs);
  if (error instanceof OpenAI.APIError && typeof error.status === "number") return new ProviderError(`The provider answered HTTP ${error.status}.`);
  if (error instanceof OpenAI.APIConnectionError) return new ProviderError("The provider could not be reached (connection refused or failed).");
  return new ProviderError(`The provider call failed: ${String((error as Error)?.message ?? error).slice(0, 200)}`);
}
