// Settings → AI: the workspace's own OpenAI-compatible provider (URL, model, write-only key), and a test.
import { admin, type Workspace } from "../admin";
import { agentsApi } from "../agents";
import { h, mount, toast } from "../dom";
import { showFieldErrors } from "./form-errors";
import { badge, card, errorText, field } from "./parts";
import type { Section } from "./settings";

/** providerLine says in a sentence which provider agents use now. */
export function providerLine(ws: Workspace) {
  const p = ws.aiProvider ?? { source: "none" as const };
  if (p.source === "none") return h("p", { class: "provider-line" }, badge("No model", "neutral"), " Agents answer by quoting the best-matching passage of their sources, and hand over to the team when nothing matches.");
  const from = p.source === "workspace" ? "this workspace's setting" : "the server's --ai-url and --ai-model";
  return h("p", { class: "provider-line" }, badge(p.model ?? "Model", "agent"), " at ", h("code", null, p.host ?? "?"), ` (from ${from}).`);
}

/** testButton runs the provider test and shows its result beside the button. */
export function testButton(ws: Workspace) {
  const out = h("span", { class: "test-result", role: "status" });
  const button = h("button", { class: "btn btn-secondary", type: "button" }, "Test provider");
  button.addEventListener("click", async () => {
    button.disabled = true;
    out.replaceChildren("Asking the model…");
    try {
      const r = await agentsApi.testProvider(ws.id);
      out.replaceChildren(
        r.ok ? badge("Answers", "ok") : badge("Fails", "warn"),
        " ",
        r.ok ? `${r.model ?? ""} at ${r.host ?? ""} answered in ${r.latencyMs ?? "?"} ms.` : (r.error ?? "The provider did not answer."),
      );
    } catch (e) {
      out.replaceChildren(badge("Fails", "warn"), " ", errorText(e));
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "test-row" }, button, out);
}

/** aiSection edits settings.ai; the key is never shown, only whether one is set. */
export const aiSection: Section = (host, first) => {
  let ws = first;
  const draw = () => {
    const ai = ws.settings.ai;
    const url = h("input", { name: "url", type: "url", value: ai?.url ?? "", placeholder: "https://api.openai.com/v1", required: true });
    const model = h("input", { name: "model", value: ai?.model ?? "", placeholder: "gpt-4o-mini", required: true, maxlength: 200 });
    const key = h("input", { name: "key", type: "password", autocomplete: "off", placeholder: ai?.keySet ? "Key set: leave empty to keep it (another host needs it again)" : "sk-… (optional for a local model)" });
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h(
      "form",
      { class: "form", novalidate: true },
      h("div", { class: "form-row" }, field("Base URL", url, "“/chat/completions” is appended. Ollama: http://localhost:11434/v1"), field("Model", model, "As the provider names it: gpt-4o-mini, llama3.1…")),
      field("API key", key, "Write-only: stored on the server, never shown again. A new host needs it entered again."),
      ai?.keySet ? h("p", null, badge("Key set", "ok")) : null,
      error,
      h(
        "div",
        { class: "form-actions" },
        h("button", { class: "btn btn-primary", type: "submit" }, "Save"),
        ai?.keySet ? h("button", { class: "btn btn-secondary", type: "button", onClick: () => void save({ url: ai.url, model: ai.model, key: null }) }, "Remove the key") : null,
        ai ? h("button", { class: "btn btn-danger", type: "button", onClick: () => void save(null) }, "Use the server's provider") : null,
      ),
    );
    async function save(next: { url: string; model: string; key?: string | null } | null) {
      error.textContent = "";
      try {
        const hadKey = !!ws.settings.ai?.keySet;
        ws = await admin.updateWorkspace(ws.id, { settings: { ai: next } });
        // note: the server drops a stored key when the URL moves to another host without a new one.
        const dropped = hadKey && next?.key === undefined && !ws.settings.ai?.keySet;
        toast(!next ? "This workspace now uses the server's provider" : next.key === null ? "Key removed" : dropped ? "AI provider saved; enter the key again for the new host" : "AI provider saved");
        draw();
      } catch (e) {
        showFieldErrors(form, e, error);
      }
    }
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      // note: an empty key field keeps the stored key; the key is sent only when typed.
      void save({ url: url.value.trim(), model: model.value.trim(), ...(key.value ? { key: key.value } : {}) });
    });
    mount(
      host,
      card("In use now", providerLine(ws), testButton(ws)),
      card("This workspace's provider", h("p", { class: "muted" }, "Any OpenAI-compatible chat-completions server: OpenAI, Ollama, vLLM, LM Studio, OpenRouter. Without one, agents quote their sources."), form),
    );
  };
  draw();
};
