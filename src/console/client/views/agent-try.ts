// "Try it": ask the agent a question and see its answer and trace, without creating a conversation.
import { agentsApi, REASONS, type Tried } from "../agents";
import { h, mount } from "../dom";
import { badge, card, errorText, safeUrl } from "./parts";
import { traceView } from "./trace";

function result(r: Tried) {
  const a = r.answer;
  const links = (a?.sources ?? []).map((s) => {
    const href = safeUrl(s.url);
    return h("li", null, href ? h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, s.title) : s.title);
  });
  return [
    a
      ? h("div", { class: "try-answer" }, h("p", { class: "msg-body" }, a.body), links.length ? h("ul", { class: "try-sources", "aria-label": "Sources cited" }, links) : null)
      : null,
    r.handoff ? h("p", { class: "try-handoff" }, badge("Hands over to a person", "warn"), " ", r.reason ? (REASONS[r.reason] ?? r.reason) : "") : null,
    h("h3", { class: "small-title" }, "Why this answer"),
    traceView(r.trace),
  ];
}

/** tryCard asks agent agentId a question through the try route and shows what it would answer. */
export function tryCard(ws: string, agentId: string) {
  const question = h("textarea", { name: "question", rows: 2, maxlength: 5000, placeholder: "How long does a refund take?", "aria-label": "Question" });
  const ask = h("button", { class: "btn btn-primary", type: "submit" }, "Ask");
  const out = h("div", { class: "try-out", "aria-live": "polite" });
  const form = h("form", { class: "try-form" }, question, h("div", { class: "form-actions" }, ask, h("small", { class: "muted" }, "Nothing is sent to visitors and no conversation is created.")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = question.value.trim();
    if (!q) return question.focus();
    ask.disabled = true;
    mount(out, h("p", { class: "muted" }, "Thinking…"));
    try {
      mount(out, result(await agentsApi.tryIt(ws, agentId, q)));
    } catch (err) {
      mount(out, h("p", { class: "form-error" }, errorText(err)));
    } finally {
      ask.disabled = false;
    }
  });
  question.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) e.preventDefault(), form.requestSubmit();
  });
  return card("Try it", form, out);
}
