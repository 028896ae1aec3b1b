// Settings: a tab bar over the sections, and the small sections (Surveys, Appearance) themselves.
import { admin, type Workspace } from "../admin";
import { h, mount, toast } from "../dom";
import { canManage, state } from "../state";
import type { Controller } from "../main";
import { agentPage } from "./agent";
import { aiSection } from "./settings-ai";
import { agentsSection } from "./settings-agents";
import { appearanceSection as appearance } from "./settings-appearance";
import { availabilitySection as availability } from "./settings-availability";
import { formsSection } from "./settings-forms";
import { installSection } from "./settings-install";
import { keysSection } from "./settings-keys";
import { repliesSection } from "./settings-replies";
import { card, errorText } from "./parts";
import { pageHeader, SETTINGS } from "./shell";

/** Section renders one settings page for a workspace into host. */
export type Section = (host: HTMLElement, ws: Workspace, saved: (ws: Workspace) => void) => void | Promise<void>;

const LEADS: Record<string, string> = {
  install: "Put the messenger on your site.",
  keys: "Widget keys, allowed origins and customer identity verification.",
  forms: "Forms visitors fill in to open a ticket.",
  replies: "Canned answers: type / in the composer to insert one.",
  surveys: "Ask visitors how it went when a conversation closes.",
  appearance: "How the messenger looks, introduces itself, and which language it speaks.",
  availability: "Office hours and how soon you usually reply, as the messenger tells visitors.",
  agents: "Automated responders: instructions, the sources they answer from, and a place to try them.",
  ai: "The model agents answer with. Without one, they quote their sources.",
};

const surveys: Section = (host, ws, saved) => {
  const options = [
    [null, "Off", "No survey after a conversation."],
    ["csat", "CSAT", "“How satisfied are you?” on a 1–5 scale."],
    ["nps", "NPS", "“How likely are you to recommend us?” on a 0–10 scale."],
  ] as const;
  const radios = options.map(([value, label, hint]) => {
    const input = h("input", { type: "radio", name: "survey", value: value ?? "off", checked: ws.settings.survey === value });
    input.addEventListener("change", async () => {
      try {
        saved(await admin.updateWorkspace(ws.id, { settings: { survey: value } }));
        toast(`Surveys: ${label}`);
      } catch (e) {
        toast(errorText(e), "error");
      }
    });
    return h("label", { class: "choice" }, input, h("span", null, h("strong", null, label), h("small", { class: "muted" }, hint)));
  });
  mount(host, card("Survey after a conversation closes", h("div", { class: "choices", role: "radiogroup", "aria-label": "Survey" }, radios)));
};

const SECTIONS: Record<string, Section> = { install: installSection, keys: keysSection, forms: formsSection, replies: repliesSection, surveys, appearance, availability, agents: agentsSection, ai: aiSection };

/** settingsView renders /admin/settings/:section for owners and admins. */
export async function settingsView(page: HTMLElement, params: Record<string, string>): Promise<Controller | void> {
  const section = SECTIONS[params.section ?? ""] ? params.section! : "install";
  const title = SETTINGS.find(([p]) => p === section)?.[1] ?? "Settings";
  const tabs = h("nav", { class: "subnav", "aria-label": "Settings" }, SETTINGS.map(([p, label]) => h("a", { href: `/admin/settings/${p}`, "data-link": true, class: p === section ? "active" : "" }, label)));
  const host = h("div", { class: "section" }, h("p", { class: "muted" }, "Loading…"));
  mount(page, pageHeader(`Settings · ${title}`, LEADS[section]), tabs, host);
  // note: on a phone the tab bar scrolls sideways; the current tab must not be the one out of sight.
  tabs.querySelector(".active")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  if (!canManage()) return mount(host, card(null, h("p", null, "Only owners and admins change settings.")));
  try {
    const ws = await admin.workspace(state.workspaceId);
    const saved = (next: Workspace) => {
      const m = state.me?.memberships.find((x) => x.workspaceId === next.id);
      if (m) m.workspaceName = next.name;
    };
    await (section === "agents" && params.agent ? agentPage(params.agent) : SECTIONS[section]!)(host, ws, saved);
  } catch (e) {
    mount(host, card(null, h("p", { class: "form-error" }, errorText(e))));
  }
}
