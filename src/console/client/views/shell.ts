// The signed-in layout: sidebar navigation (a drawer on phones), workspace switcher, and the page area.
import { post } from "../api";
import { h, initials, mount } from "../dom";
import { canManage, chooseWorkspace, navigate, setMe, state, workspaceName } from "../state";
import { icon, logo } from "./icons";

/** SETTINGS lists the settings pages in sidebar order. */
export const SETTINGS = [
  ["install", "Install"],
  ["keys", "Keys"],
  ["forms", "Ticket forms"],
  ["replies", "Saved replies"],
  ["surveys", "Surveys"],
  ["appearance", "Appearance"],
  ["availability", "Availability"],
  ["agents", "Agents"],
  ["ai", "AI"],
] as const;

function link(path: string, label: string, name?: Parameters<typeof icon>[0], sub = false) {
  const here = location.pathname === path || location.pathname.startsWith(`${path}/`);
  return h("a", { href: path, "data-link": true, class: `nav-link${sub ? " nav-sub" : ""}${here ? " active" : ""}`, "aria-current": here ? "page" : undefined }, name ? icon(name) : null, h("span", null, label));
}

function switcher() {
  const memberships = state.me?.memberships ?? [];
  if (memberships.length < 2) return h("div", { class: "ws-name" }, memberships[0]?.workspaceName ?? "");
  const select = h("select", { class: "ws-select", "aria-label": "Workspace" }, memberships.map((m) => h("option", { value: m.workspaceId }, m.workspaceName)));
  select.value = state.workspaceId;
  select.addEventListener("change", () => {
    chooseWorkspace(select.value);
    navigate("/admin/inbox");
  });
  return select;
}

async function signOut() {
  await post("/api/console/logout").catch(() => {});
  setMe(null);
  navigate("/admin/login", { replace: true });
}

/** shell renders the layout into root and returns the element pages render into. */
export function shell(root: HTMLElement, wide = false): HTMLElement {
  const me = state.me!;
  const page = h("main", { class: `page${wide ? " page-wide" : ""}`, id: "page" });
  const nav = h(
    "nav",
    { class: "sidebar", "aria-label": "Console" },
    h("div", { class: "sidebar-head" }, logo(), switcher()),
    h(
      "div",
      { class: "nav-links" },
      link("/admin/inbox", "Inbox", "inbox"),
      link("/admin/visitors", "Visitors", "visitors"),
      link("/admin/contacts", "Contacts", "contacts"),
      link("/admin/stats", "Stats", "stats"),
      canManage() ? [link("/admin/settings/install", "Settings", "settings"), SETTINGS.map(([p, label]) => link(`/admin/settings/${p}`, label, undefined, true))] : null,
      link("/admin/team", "Team", "team"),
      link("/admin/account", "Account", "account"),
    ),
    h(
      "div",
      { class: "sidebar-foot" },
      h("span", { class: "avatar avatar-sm" }, initials(me.user.name)),
      h("div", { class: "who" }, h("strong", null, me.user.name), h("small", null, me.user.email)),
      h("button", { class: "btn-icon", title: "Sign out", "aria-label": "Sign out", onClick: signOut }, icon("out")),
    ),
  );
  const toggle = h("button", { class: "btn-icon menu-toggle", "aria-label": "Menu", onClick: () => root.classList.toggle("menu-open") }, icon("menu", 22));
  const top = h("header", { class: "topbar" }, toggle, logo(), h("span", { class: "topbar-ws" }, workspaceName()));
  const scrim = h("div", { class: "scrim", onClick: () => root.classList.remove("menu-open") });
  root.classList.remove("menu-open");
  mount(root, h("div", { class: "layout" }, top, nav, scrim, page));
  return page;
}

/** pageHeader is a page's title row with optional actions. */
export function pageHeader(title: string, lead?: string, ...actions: Node[]) {
  return h("div", { class: "page-head" }, h("div", null, h("h1", null, title), lead ? h("p", { class: "muted" }, lead) : null), actions.length ? h("div", { class: "actions" }, actions) : null);
}
