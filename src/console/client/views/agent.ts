// One agent's page (Settings → Agents → an agent): who it is and its instructions, the model it answers
// with, its sources, and "Try it".
import { admin } from "../admin";
import { h, mount, toast } from "../dom";
import { agentAvatar, agentForm } from "./settings-agents";
import { sourcesCard } from "./agent-sources";
import { tryCard } from "./agent-try";
import { card } from "./parts";
import type { Section } from "./settings";
import { providerLine, testButton } from "./settings-ai";

/** agentPage renders the page of agent agentId, or says it does not exist. */
export const agentPage = (agentId: string): Section => async (host, ws) => {
  const back = h("a", { href: "/admin/settings/agents", "data-link": true, class: "back-link" }, "← All agents");
  const agent = (await admin.agents(ws.id)).find((a) => a.id === agentId);
  if (!agent) return mount(host, back, card(null, h("p", null, "This agent does not exist in this workspace.")));
  const identity = card(
    null,
    h("div", { class: "agent-head" }, agentAvatar(agent), h("h2", null, agent.name)),
    agentForm(agent, async (body) => {
      Object.assign(agent, await admin.updateAgent(ws.id, agent.id, body));
      toast("Agent saved");
    }),
  );
  const model = card(
    "Model",
    providerLine(ws),
    h("div", { class: "form-actions" }, testButton(ws), h("a", { href: "/admin/settings/ai", "data-link": true }, "Change the provider")),
  );
  mount(host, back, identity, h("div", { class: "grid-2 agent-grid" }, sourcesCard(ws.id, agent.id), h("div", null, tryCard(ws.id, agent.id), model)));
};
