// The operator-only trace of an agent's answer or failed attempt (CONTRACT §7): never sent to a widget.
import * as v from "valibot";

/** Trace records how an answer came about: provider host, model, messages, passages, usage, latency, error. */
export const Trace = v.object({
  mode: v.picklist(["provider", "extractive"]),
  provider: v.nullable(v.object({ host: v.string() })),
  model: v.nullable(v.string()),
  messages: v.array(v.object({ role: v.string(), content: v.string() })),
  passages: v.array(v.object({ sourceId: v.string(), title: v.string(), score: v.number(), text: v.string() })),
  usage: v.nullable(v.object({ promptTokens: v.optional(v.number()), completionTokens: v.optional(v.number()), totalTokens: v.optional(v.number()) })),
  latencyMs: v.number(),
  /** reason is why the conversation went to the team, when it did. */
  reason: v.optional(v.picklist(["asked_for_person", "no_context", "provider_failed", "guard", "limit", "operator", "visitor"])),
  error: v.optional(v.string()),
});
export type Trace = v.InferOutput<typeof Trace>;

/** HandoffReason is why a conversation went from its agent to the team. */
export type HandoffReason = NonNullable<Trace["reason"]>;
