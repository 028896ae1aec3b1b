// The console client: boots the session, then renders the page for the current /admin path.
import { ApiError, get, setCsrf, whenSignedOut } from "./api";
import { h, mount } from "./dom";
import { match, navigate, onNavigate, setMe, state, type Me } from "./state";
import { inviteView, loginView, setupView } from "./views/auth";
import { inboxView } from "./views/inbox";
import { forgotView, resetView } from "./views/password";
import { settingsView } from "./views/settings";
import { shell } from "./views/shell";
import { statsView } from "./views/stats";
import { teamView } from "./views/team";
import { accountView } from "./views/account";
import { visitorsView } from "./views/visitors";
import { contactsView } from "./views/contacts";
import { contactView } from "./views/contact";
import { pageTitle, stopAlerts, watchAlerts } from "./alerts";

/** Controller is a mounted page: it may take new params in place, and cleans up when left. */
export interface Controller {
  update?(params: Record<string, string>): boolean;
  dispose?(): void;
}
type View = (page: HTMLElement, params: Record<string, string>) => Controller | void | Promise<Controller | void>;

const ROUTES: { pattern: string; group: string; view: View; wide?: boolean }[] = [
  { pattern: "/admin/inbox", group: "inbox", view: inboxView, wide: true },
  { pattern: "/admin/inbox/:id", group: "inbox", view: inboxView, wide: true },
  { pattern: "/admin/visitors", group: "visitors", view: visitorsView },
  { pattern: "/admin/contacts", group: "contacts", view: contactsView },
  { pattern: "/admin/contacts/:id", group: "contact", view: contactView },
  { pattern: "/admin/stats", group: "stats", view: statsView },
  { pattern: "/admin/settings/:section", group: "settings", view: settingsView },
  { pattern: "/admin/settings/:section/:agent", group: "settings", view: settingsView },
  { pattern: "/admin/team", group: "team", view: teamView },
  { pattern: "/admin/account", group: "account", view: accountView },
];

const root = document.getElementById("app")!;
let current: { group: string; controller: Controller | void; workspace: string } | null = null;

function leave() {
  current?.controller?.dispose?.();
  current = null;
}

async function render() {
  const path = location.pathname.replace(/\/+$/, "") || "/admin";
  root.classList.remove("boot");
  const setup = match("/admin/setup/:token", path);
  const invite = match("/admin/invite/:token", path);
  const reset = match("/admin/reset/:token", path);
  if (setup || invite || reset || path === "/admin/login" || path === "/admin/forgot") {
    leave();
    stopAlerts();
    if (reset) return resetView(root, reset.token!);
    if (path === "/admin/forgot") return forgotView(root);
    if (setup) return setupView(root, setup.token!);
    if (invite) return inviteView(root, invite.token!);
    return state.me ? navigate("/admin/inbox", { replace: true }) : loginView(root);
  }
  if (!state.me) return navigate(`/admin/login?next=${encodeURIComponent(path)}`, { replace: true });
  if (path === "/admin" || path === "/admin/settings") return navigate(path === "/admin" ? "/admin/inbox" : "/admin/settings/install", { replace: true });
  for (const route of ROUTES) {
    const params = match(route.pattern, path);
    if (!params) continue;
    pageTitle(route.group[0]!.toUpperCase() + route.group.slice(1));
    void watchAlerts();
    if (current?.group === route.group && current.workspace === state.workspaceId && current.controller?.update?.(params)) return;
    leave();
    const page = shell(root, route.wide);
    current = { group: route.group, controller: undefined, workspace: state.workspaceId };
    const mine = current;
    const controller = await route.view(page, params);
    if (current === mine) mine.controller = controller;
    else controller?.dispose?.();
    return;
  }
  leave();
  mount(shell(root), h("div", { class: "empty" }, h("h2", null, "Nothing here"), h("p", null, "This page does not exist."), h("a", { href: "/admin/inbox", "data-link": true }, "Go to the inbox")));
}

document.addEventListener("click", (e) => {
  const a = (e.target as Element).closest?.("a[data-link]") as HTMLAnchorElement | null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  navigate(a.getAttribute("href")!);
});
window.addEventListener("popstate", () => void render());
onNavigate(() => void render());
whenSignedOut(() => {
  setMe(null);
  leave();
  navigate(`/admin/login?next=${encodeURIComponent(location.pathname)}`, { replace: true });
});

try {
  const me = await get<Me>("/api/console/me");
  setCsrf(me.csrfToken);
  setMe(me);
} catch (error) {
  if (!(error instanceof ApiError && error.status === 401)) console.error(error);
  setMe(null);
}
await render();
