// Who owns a conversation: the header's assignee picker (the workspace's members, or nobody).
import { admin, type InboxItem, type Member } from "../admin";
import { h, toast } from "../dom";
import { state } from "../state";
import { badge, errorText } from "./parts";

// note: the team changes rarely; one list per workspace serves every conversation opened.
const teams = new Map<string, Promise<Member[]>>();
const teamOf = (workspace: string) => {
  if (!teams.has(workspace)) teams.set(workspace, admin.members(workspace).catch((e) => (teams.delete(workspace), Promise.reject(e))));
  return teams.get(workspace)!;
};

/** assigneeBadge shows whose conversation an inbox row is (nothing when unassigned). */
export const assigneeBadge = (c: InboxItem) => (c.assignee ? h("span", { class: "assignee", title: `Assigned to ${c.assignee.name}` }, badge(c.assignee.id === state.me?.user.id ? "You" : c.assignee.name)) : null);

/** assignControl is the header's "Assignee" select; changed runs after a successful assignment. */
export function assignControl(c: InboxItem, changed: () => void) {
  let current = c.assignee?.id ?? "";
  const select = h("select", { class: "assign-select", "aria-label": "Assignee", title: "Assignee" }, h("option", { value: "" }, "Unassigned"));
  if (c.assignee) select.append(h("option", { value: c.assignee.id, selected: true }, c.assignee.name));
  void teamOf(state.workspaceId)
    .then((members) => {
      const options = members.map((m) => h("option", { value: m.userId, selected: m.userId === current }, m.you ? `${m.name} (you)` : m.name));
      select.replaceChildren(h("option", { value: "" }, "Unassigned"), ...options);
      select.value = current;
    })
    .catch(() => undefined);
  select.addEventListener("change", async () => {
    // note: the choice is read now: the team list arriving while it is saved fills the options again and shows
    // `current`, which is the choice from here on (the one before it comes back if saving fails).
    const before = current;
    const chosen = (current = select.value);
    const name = select.selectedOptions[0]?.textContent?.replace(" (you)", "") ?? "them";
    select.disabled = true;
    try {
      await admin.assign(c.id, chosen || null);
      toast(chosen ? `Assigned to ${name}` : "Unassigned");
      changed();
    } catch (e) {
      toast(errorText(e), "error");
      select.value = current = before;
    } finally {
      select.disabled = false;
    }
  });
  return select;
}
