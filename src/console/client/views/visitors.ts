// Visitors online now: who is on the site, on which page, and whether they have a conversation.
import { admin, type VisitorInfo } from "../admin";
import { h, mount, timeAgo } from "../dom";
import { state } from "../state";
import type { Controller } from "../main";
import { errorText, identityBadge, pageLink, visitorAvatar, visitorName } from "./parts";
import { pageHeader } from "./shell";

function row(v: VisitorInfo) {
  return h(
    "tr",
    null,
    h("td", null, h("div", { class: "who-cell" }, visitorAvatar(v, "avatar avatar-sm"), h("div", null, h("strong", null, visitorName(v)), v.email && v.name ? h("small", { class: "muted" }, v.email) : null))),
    h("td", null, identityBadge(v)),
    h("td", { class: "page-cell" }, pageLink(v.page)),
    h("td", null, h("span", { class: `presence ${v.state === "idle" || v.state === "hidden" ? "idle" : "on"}` }, v.state ?? "active")),
    h("td", { class: "muted" }, v.lastSeenAt ? timeAgo(v.lastSeenAt) : ""),
    h("td", null, v.conversationId ? h("a", { href: `/admin/inbox/${encodeURIComponent(v.conversationId)}`, "data-link": true }, "Open chat") : null),
  );
}

/** visitorsView lists the visitors online now, refreshed every 15 s. */
export function visitorsView(page: HTMLElement): Controller {
  const body = h("div", { class: "card table-card" }, h("p", { class: "muted pad" }, "Loading…"));
  const count = h("span", { class: "count-pill" }, "…");
  mount(page, pageHeader("Visitors", "People on your site in the last minute.", count), body);
  async function load() {
    try {
      const visitors = await admin.online(state.workspaceId);
      count.textContent = `${visitors.length} online`;
      mount(
        body,
        visitors.length
          ? h("table", { class: "table" }, h("thead", null, h("tr", null, ["Visitor", "Identity", "Current page", "State", "Seen", ""].map((t) => h("th", null, t)))), h("tbody", null, visitors.map(row)))
          : h("div", { class: "empty" }, h("h2", null, "Nobody online right now"), h("p", { class: "muted" }, "Visitors appear here while the widget is open on one of your pages.")),
      );
    } catch (e) {
      mount(body, h("p", { class: "form-error pad" }, errorText(e)));
    }
  }
  void load();
  const timer = setInterval(() => void load(), 15_000);
  return { dispose: () => clearInterval(timer) };
}
