// An agent's trace as operators read it: provider, model, passages with scores, usage, latency, error.
import { REASONS, type Trace } from "../agents";
import { h } from "../dom";
import { badge, dl } from "./parts";

const ms = (n: number | null | undefined) => (typeof n === "number" ? (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`) : "");

function usage(u: Trace["usage"]) {
  if (!u) return "";
  const parts = [u.promptTokens !== undefined ? `${u.promptTokens} in` : "", u.completionTokens !== undefined ? `${u.completionTokens} out` : "", u.totalTokens !== undefined ? `${u.totalTokens} total` : ""];
  return parts.filter(Boolean).join(" · ");
}

function passage(p: NonNullable<Trace["passages"]>[number]) {
  return h(
    "li",
    { class: "passage" },
    h("div", { class: "passage-head" }, h("strong", { class: "clamp" }, p.title), h("span", { class: "passage-score", title: "Retrieval score" }, p.score.toFixed(2))),
    h("p", { class: "passage-text" }, p.text),
  );
}

/** traceView renders a trace; every value from the model or a source is text, never HTML. */
export function traceView(t: Trace) {
  const passages = t.passages ?? [];
  const sent = t.messages ?? [];
  return h(
    "div",
    { class: "trace" },
    t.error ? h("p", { class: "trace-error", role: "note" }, badge("Error", "warn"), " ", t.error) : null,
    dl([
      ["Provider", t.mode === "extractive" || !t.provider ? "None: the best passage, quoted" : h("code", null, t.provider.host)],
      ["Model", t.model ?? ""],
      ["Latency", ms(t.latencyMs)],
      ["Tokens", usage(t.usage)],
      ["Handed over", t.reason ? (REASONS[t.reason] ?? t.reason) : ""],
    ]),
    h("h4", { class: "trace-title" }, passages.length ? `Passages used (${passages.length})` : "No passage matched"),
    passages.length ? h("ol", { class: "passages" }, passages.map(passage)) : null,
    sent.length
      ? h(
          "details",
          { class: "trace-sent" },
          h("summary", null, `Messages sent to the model (${sent.length})`),
          h("ol", { class: "sent" }, sent.map((m) => h("li", null, h("span", { class: "role" }, m.role), h("pre", { tabindex: 0 }, m.content)))),
        )
      : null,
  );
}

/** whyThis is the collapsed "Why this answer?" under an agent message; opened keeps it open across re-renders. */
export function whyThis(id: string, t: Trace, opened: Set<string>, label = "Why this answer?") {
  const el = h("details", { class: "why", open: opened.has(id) }, h("summary", null, label), traceView(t));
  el.addEventListener("toggle", () => (el.open ? opened.add(id) : opened.delete(id)));
  return el;
}
