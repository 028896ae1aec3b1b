// Settings → Agents: automated responders with a name, an avatar and instructions (never shown to visitors);
// each opens its own page (agent.ts) for sources and Try it.
import { admin, type Agent } from "../admin";
import { h, initials, mount, toast } from "../dom";
import { showFieldErrors } from "./form-errors";
import { card, field, safeUrl } from "./parts";
import type { Section } from "./settings";

/** agentAvatar is the agent's image, else its initials. */
export function agentAvatar(a: Pick<Agent, "name" | "avatarUrl">) {
  const url = safeUrl(a.avatarUrl);
  // note: the console's CSP loads images over https (or from itself) only; anything else would be a broken image.
  const loads = url && (url.startsWith("https:") || url.startsWith(`${location.origin}/`));
  return loads ? h("img", { class: "avatar", src: url, alt: "", referrerpolicy: "no-referrer" }) : h("span", { class: "avatar avatar-agent" }, initials(a.name));
}

/** agentForm edits an agent's name, avatar and instructions. */
export function agentForm(agent: Partial<Agent>, save: (a: Omit<Agent, "id">) => Promise<void>, cancel?: () => void) {
  const name = h("input", { name: "name", value: agent.name ?? "", maxlength: 120, placeholder: "Ada from Support" });
  const avatarUrl = h("input", { name: "avatarUrl", value: agent.avatarUrl ?? "", type: "url", placeholder: "https://…/avatar.png" });
  const instructions = h("textarea", { name: "instructions", rows: 5, placeholder: "Answer billing questions; hand over to a person when unsure." }, agent.instructions ?? "");
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h(
    "form",
    { class: "form", novalidate: true },
    h("div", { class: "form-row" }, field("Name", name, "Visitors see this name."), field("Avatar URL", avatarUrl, "An https image; optional.")),
    field("Instructions", instructions, "Context for the agent. Operators only: never sent to the widget."),
    error,
    h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, agent.id ? "Save agent" : "Create agent"), cancel ? h("button", { class: "btn btn-secondary", type: "button", onClick: cancel }, "Cancel") : null),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      // note: null clears a field on update; an empty form field means "none".
      await save({ name: name.value.trim(), avatarUrl: avatarUrl.value.trim() || null, instructions: instructions.value.trim() || null });
    } catch (err) {
      showFieldErrors(form, err, error);
    }
  });
  return form;
}

/** agentsSection lists agents, edits them in place, and creates new ones. */
export const agentsSection: Section = async (host, ws) => {
  let agents = await admin.agents(ws.id);
  const reload = async () => {
    agents = await admin.agents(ws.id);
    draw();
  };
  function row(a: Agent) {
    const li = h(
      "li",
      { class: "agent" },
      agentAvatar(a),
      h("div", { class: "agent-main" }, h("strong", null, a.name), h("p", { class: "muted clamp" }, a.instructions || "No instructions.")),
      h("a", { class: "btn btn-primary btn-sm", href: `/admin/settings/agents/${encodeURIComponent(a.id)}`, "data-link": true }, "Sources & Try it"),
      h("button", { class: "btn btn-secondary btn-sm", onClick: () => mount(li, agentForm(a, async (body) => {
        await admin.updateAgent(ws.id, a.id, body);
        toast("Agent saved");
        await reload();
      }, draw)) }, "Edit"),
    );
    return li;
  }
  function draw() {
    mount(
      host,
      card("Agents", agents.length ? h("ul", { class: "agent-list" }, agents.map(row)) : h("p", { class: "muted" }, "No agents yet. Give an agent its own widget key (Settings → Keys) to route conversations to it.")),
      card("New agent", agentForm({}, async (body) => {
        await admin.createAgent(ws.id, body);
        toast("Agent created");
        await reload();
      })),
    );
  }
  draw();
};
