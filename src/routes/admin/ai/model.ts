// The model provider of a workspace (key write-only), the agents' "Try it" box and the provider test.
import * as v from "valibot";
import { Trace } from "../../../agents/trace";

const HttpUrl = v.pipe(
  v.string(),
  v.maxLength(2048, "an http(s) URL of at most 2048 characters"),
  v.check((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), "an http(s) URL"),
);

/** AiPatch sets the workspace's provider (key absent: kept; null: cleared), or null to use the server's. */
export const AiPatch = v.nullable(
  v.object({
    url: HttpUrl,
    model: v.pipe(v.string(), v.trim(), v.minLength(1, "a model name of 1 to 200 characters"), v.maxLength(200, "a model name of 1 to 200 characters")),
    key: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1, "a key of 1 to 500 characters"), v.maxLength(500, "a key of 1 to 500 characters")))),
  }),
);
export type AiPatch = v.InferOutput<typeof AiPatch>;

/** AiView is the workspace's provider as read back: never the key, only whether one is set. */
export const AiView = v.nullable(v.object({ url: v.string(), model: v.string(), keySet: v.boolean() }));
export type AiView = v.InferOutput<typeof AiView>;

/** AiProviderView tells which provider agents use: the workspace's, the server's, or none (extractive mode). */
export const AiProviderView = v.object({ source: v.picklist(["workspace", "server", "none"]), host: v.optional(v.string()), model: v.optional(v.string()) });
export type AiProviderView = v.InferOutput<typeof AiProviderView>;

/** TryBody is a question for an agent, answered without a conversation. */
export const TryBody = v.object({
  question: v.pipe(v.string(), v.trim(), v.minLength(1, "a question of 1 to 5000 characters"), v.maxLength(5000, "a question of 1 to 5000 characters")),
});
export type TryBody = v.InferOutput<typeof TryBody>;

/** TryAnswer is what the agent would answer (or why it would hand over) and the trace. */
export const TryAnswer = v.object({
  answer: v.nullable(v.object({ body: v.string(), sources: v.array(v.object({ title: v.string(), url: v.string() })) })),
  handoff: v.boolean(),
  reason: v.optional(v.string()),
  trace: Trace,
});
export type TryAnswer = v.InferOutput<typeof TryAnswer>;

/** AiTestAnswer tells whether the provider in use answers. */
export const AiTestAnswer = v.object({
  ok: v.boolean(),
  host: v.nullable(v.string()),
  model: v.nullable(v.string()),
  latencyMs: v.number(),
  error: v.optional(v.string()),
});
export type AiTestAnswer = v.InferOutput<typeof AiTestAnswer>;
