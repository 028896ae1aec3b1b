// Settings → Keys: workspace and agent widget keys, their allowed origins, creating and revoking them.
import { admin, type Agent, type WidgetKey } from "../admin";
import { patch } from "../api";
import { clock, copyText, h, mount, toast } from "../dom";
import { icon } from "./icons";
import { clearFieldErrors, showFieldErrors } from "./form-errors";
import { badge, card, errorText, field } from "./parts";
import type { Section } from "./settings";
import { identityCards } from "./settings-identity";
import { tokensCard } from "./settings-tokens";

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/** readOrigins reads one origin per line (or comma), and names every line that is not one, all at once. */
export function readOrigins(text: string): { list: string[]; error: string } {
  const list = text.split(/[\n,]+/).map((o) => o.trim().replace(/\/+$/, "")).filter(Boolean);
  const bad = list.filter((o) => !ORIGIN.test(o));
  const error = bad.length ? `${bad.map((o) => `“${o}”`).join(", ")} ${bad.length === 1 ? "is not an origin" : "are not origins"}: write one per line, like https://example.com (no path).` : "";
  return { list, error };
}

/** originsEditor swaps a key's origins cell for a textarea with Save and Cancel. */
function originsEditor(cell: HTMLElement, k: WidgetKey, save: (origins: string[]) => Promise<void>, cancel: () => void) {
  const text = h("textarea", { rows: 3, "aria-label": `Allowed origins of ${k.key}`, placeholder: "https://www.example.com" }, k.allowedOrigins.join("\n"));
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "origins-edit" }, text, error, h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary btn-sm", type: "submit" }, "Save origins"), h("button", { class: "btn btn-secondary btn-sm", type: "button", onClick: cancel }, "Cancel")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const { list, error: bad } = readOrigins(text.value);
    error.textContent = bad;
    if (bad) return;
    try {
      await save(list);
    } catch (err) {
      error.textContent = errorText(err);
    }
  });
  mount(cell, form);
  text.focus();
}

function keyRow(k: WidgetKey, agents: Agent[], onRevoke: (k: WidgetKey) => void, onOrigins: (k: WidgetKey, origins: string[]) => Promise<void>) {
  const revoked = Boolean(k.revoked || k.revokedAt);
  const agent = agents.find((a) => a.id === k.agentId);
  const shown = () => [k.allowedOrigins.length ? k.allowedOrigins.map((o) => h("span", { class: "chip chip-static" }, o)) : h("span", { class: "muted" }, "Any origin"), revoked ? null : h("button", { class: "btn btn-ghost btn-sm", type: "button", "aria-label": `Edit the allowed origins of ${k.key}`, onClick: () => originsEditor(cell, k, (list) => onOrigins(k, list), () => mount(cell, shown())) }, "Edit")];
  const cell = h("td", null, shown());
  return h(
    "tr",
    { class: revoked ? "revoked" : "" },
    h("td", null, h("div", { class: "key-cell" }, h("code", null, k.key), h("button", { class: "btn-icon", title: "Copy key", "aria-label": "Copy key", onClick: async () => (await copyText(k.key)) && toast("Key copied") }, icon("copy", 14)))),
    h("td", null, k.kind === "agent" ? badge(`Agent · ${agent?.name ?? "?"}`, "agent") : badge("Workspace")),
    cell,
    h("td", { class: "muted" }, k.createdAt ? clock(k.createdAt) : ""),
    h("td", null, revoked ? badge("Revoked", "warn") : h("button", { class: "btn btn-danger btn-sm", onClick: () => onRevoke(k) }, "Revoke")),
  );
}

function newKeyForm(agents: Agent[], create: (body: { kind: "workspace" | "agent"; agentId?: string; allowedOrigins: string[] }) => Promise<void>) {
  const kind = h("select", { name: "kind", "data-field": "kind" }, h("option", { value: "workspace" }, "Workspace key"), agents.length ? h("option", { value: "agent" }, "Agent key") : null);
  const agent = h("select", { name: "agent", "data-field": "agentId" }, agents.map((a) => h("option", { value: a.id }, a.name)));
  const agentField = field("Agent", agent, "New conversations from this key go to this agent.");
  const origins = h("textarea", { name: "origins", "data-field": "allowedOrigins", rows: 3, placeholder: "https://www.example.com\nhttps://app.example.com" });
  const error = h("p", { class: "form-error", role: "alert" });
  agentField.hidden = true;
  kind.addEventListener("change", () => (agentField.hidden = kind.value !== "agent"));
  const form = h(
    "form",
    { class: "form" },
    h("div", { class: "form-row" }, field("Kind", kind), agentField),
    field("Allowed origins", origins, "One per line. Leave empty to allow any site; pages elsewhere get 403."),
    error,
    h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, "Create key")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const { list, error: bad } = readOrigins(origins.value);
    error.textContent = bad;
    if (bad) return;
    try {
      await create(kind.value === "agent" ? { kind: "agent", agentId: agent.value, allowedOrigins: list } : { kind: "workspace", allowedOrigins: list });
      origins.value = "";
      clearFieldErrors(form);
    } catch (err) {
      showFieldErrors(form, err, error);
    }
  });
  return form;
}

/** keysSection lists keys with revoke buttons, a form for new keys, and the identity cards. */
export const keysSection: Section = async (host, ws, saved) => {
  const [keys, agents] = await Promise.all([admin.keys(ws.id), admin.agents(ws.id).catch(() => [] as Agent[])]);
  const tbody = h("tbody");
  const draw = (list: WidgetKey[]) => mount(tbody, list.map((k) => keyRow(k, agents, revoke, setOrigins)));
  async function setOrigins(k: WidgetKey, allowedOrigins: string[]) {
    await patch(`/api/admin/workspaces/${encodeURIComponent(ws.id)}/keys/${encodeURIComponent(k.key)}`, { allowedOrigins });
    toast("Allowed origins saved");
    await reload();
  }
  async function reload() {
    draw(await admin.keys(ws.id));
  }
  async function revoke(k: WidgetKey) {
    if (!confirm(`Revoke ${k.key}? Pages using it stop loading the messenger.`)) return;
    try {
      await admin.revokeKey(ws.id, k.key);
      toast("Key revoked");
      await reload();
    } catch (e) {
      toast(errorText(e), "error");
    }
  }
  draw(keys);
  const identity = h("div");
  const tokens = h("div");
  mount(
    host,
    card("Widget keys", h("p", { class: "muted" }, "Public keys: they appear in your pages' HTML. An agent key routes new conversations to its agent."),
      h("div", { class: "table-scroll" }, h("table", { class: "table" }, h("thead", null, h("tr", null, ["Key", "Kind", "Allowed origins", "Created", ""].map((t) => h("th", null, t)))), tbody))),
    card("New key", newKeyForm(agents, async (body) => {
      const made = await admin.createKey(ws.id, body);
      toast(`Created ${made.key}`);
      await reload();
    })),
    identity,
    tokens,
  );
  identityCards(identity, ws, saved);
  void tokensCard(tokens, ws);
};
