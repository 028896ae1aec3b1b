// The inbox's views: Mine, Unassigned, All, and Waiting for a person (handed to the team, not answered since).
import type { InboxFilter } from "../admin";
import { h } from "../dom";

const VIEWS = [
  ["all", "All", {}],
  ["mine", "Mine", { assignee: "me" }],
  ["none", "Unassigned", { assignee: "none" }],
  ["waiting", "Waiting", { waiting: "true" }],
] as const satisfies readonly (readonly [string, string, InboxFilter])[];

/** View names one inbox view. */
export type View = (typeof VIEWS)[number][0];

/** viewFilter is the inbox filter of a view. */
export const viewFilter = (view: View): InboxFilter => ({ ...(VIEWS.find((v) => v[0] === view)?.[2] ?? {}) });

/** viewBar is the row of view buttons; onPick runs with the chosen view. */
export function viewBar(current: View, onPick: (view: View) => void) {
  const buttons = VIEWS.map(([key, label]) =>
    h("button", { type: "button", class: "view-btn", "data-view": key, title: key === "waiting" ? "Waiting for a person: handed to the team, not answered since" : undefined, "aria-pressed": String(key === current), onClick: () => pick(key) }, label),
  );
  function pick(view: View) {
    for (const b of buttons) b.setAttribute("aria-pressed", String(b.dataset.view === view));
    onPick(view);
  }
  return h("div", { class: "views", role: "group", "aria-label": "Inbox views" }, buttons);
}
