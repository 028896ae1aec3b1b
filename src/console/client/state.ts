// What the console knows about the signed-in operator, the chosen workspace, and where it is.

/** Role is an operator's role in a workspace. */
export type Role = "owner" | "admin" | "operator";

/** Me is GET /api/console/me. */
export interface Me {
  user: { id: string; name: string; email: string };
  memberships: { workspaceId: string; workspaceName: string; role: Role }[];
  csrfToken: string;
}

const STORE_KEY = "woes.workspace";

/** state holds the session and the workspace every page works on. */
export const state = { me: null as Me | null, workspaceId: "" };

/** setMe records who is signed in and picks the workspace (the last one used, if still a member). */
export function setMe(me: Me | null) {
  state.me = me;
  const saved = localStorage.getItem(STORE_KEY);
  const ids = me?.memberships.map((m) => m.workspaceId) ?? [];
  state.workspaceId = saved && ids.includes(saved) ? saved : (ids[0] ?? "");
}

/** chooseWorkspace switches the workspace and remembers the choice. */
export function chooseWorkspace(id: string) {
  state.workspaceId = id;
  localStorage.setItem(STORE_KEY, id);
}

/** role is the operator's role in the chosen workspace. */
export const role = (): Role | null => state.me?.memberships.find((m) => m.workspaceId === state.workspaceId)?.role ?? null;
/** canManage: owners and admins change settings and the team. */
export const canManage = () => role() === "owner" || role() === "admin";
/** workspaceName is the chosen workspace's name. */
export const workspaceName = () => state.me?.memberships.find((m) => m.workspaceId === state.workspaceId)?.workspaceName ?? "";

let listener: () => void = () => {};

/** onNavigate sets the function that renders the current location. */
export const onNavigate = (fn: () => void) => void (listener = fn);

/** navigate moves to a console path without reloading the page. */
export function navigate(path: string, opts: { replace?: boolean } = {}) {
  if (path === location.pathname + location.search) return listener();
  if (opts.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  listener();
}

/** match reads a path pattern such as "/admin/inbox/:id" against a path. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split("/");
  const b = path.replace(/\/+$/, "").split("/");
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(":")) params[a[i]!.slice(1)] = decodeURIComponent(b[i]!);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}
