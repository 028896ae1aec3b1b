// Who answers a conversation (its agent or the team): the badge, and "Take over" / "Hand back to agent".
import type { InboxItem } from "../admin";
import { agentsApi } from "../agents";
import { h, toast } from "../dom";
import { badge, errorText } from "./parts";

/** handlerBadge says who answers: the agent, or a person the visitor is waiting for. */
export function handlerBadge(c: InboxItem) {
  if (c.handler === "agent") return badge(`${c.agent?.name ?? "Agent"} answering`, "agent");
  return c.waitingForTeam && c.status === "open" ? badge("Waiting for a person", "warn") : null;
}

/** handlerControls are the conversation header's badge and handoff button (nothing when no agent ever had it). */
export function handlerControls(c: InboxItem, changed: () => void) {
  if (!c.handler) return null;
  const to = c.handler === "agent" ? "team" : "agent";
  const label = to === "team" ? "Take over" : "Hand back to agent";
  const button = h("button", { class: `btn btn-sm ${to === "team" ? "btn-primary" : "btn-secondary"} handoff`, type: "button", title: to === "team" ? "The agent stops answering; you reply." : "The agent answers the visitor's next messages." }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await agentsApi.handoff(c.id, to);
      toast(to === "team" ? "You took over from the agent" : "Handed back to the agent");
      changed();
    } catch (e) {
      toast(errorText(e), "error");
      button.disabled = false;
    }
  });
  return h("span", { class: "handler" }, handlerBadge(c), button);
}
