// Team: the workspace's members and roles (owners change them), one-time invite links and the pending ones,
// removing members, and auto-assignment.
import { admin } from "../admin";
import { del, get, patch, post } from "../api";
import { copyText, h, initials, mount, toast } from "../dom";
import { canManage, role, state, type Role } from "../state";
import type { Controller } from "../main";
import { badge, card, errorText, field } from "./parts";
import { pageHeader } from "./shell";

interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  you: boolean;
}

const ROLE_HINT: Record<Role, string> = {
  owner: "Everything, including other owners.",
  admin: "Settings, keys, secrets, and the team's operators.",
  operator: "The inbox, visitors and stats.",
};

function inviteForm(workspaceId: string, made: () => void) {
  // note: admins invite operators only; owners manage admins and owners.
  const roles = (role() === "owner" ? ["operator", "admin", "owner"] : ["operator"]) as Role[];
  const select = h("select", { name: "role" }, roles.map((r) => h("option", { value: r }, `${r[0]!.toUpperCase()}${r.slice(1)} — ${ROLE_HINT[r]}`)));
  const out = h("div", { class: "invite-out" });
  const form = h("form", { class: "form" }, field("Role", select), h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, "Create invite link")), out);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const r = await post<{ url: string; expiresAt: string }>("/api/console/invites", { workspaceId, role: select.value });
      const copy = h("button", { class: "btn btn-secondary btn-sm", type: "button", onClick: async () => (await copyText(r.url)) && toast("Invite link copied") }, "Copy");
      made();
      mount(out, h("p", { class: "muted small" }, "Send this link to the person you invite. It works once, until ", new Date(r.expiresAt).toLocaleDateString(), "."), h("div", { class: "secret-row" }, h("code", { class: "secret", "data-testid": "invite-url" }, r.url), copy));
    } catch (err) {
      toast(errorText(err), "error");
    }
  });
  return form;
}

// note: on by default, as in most team inboxes; the box shows the stored setting once it is read.
function assignmentSetting(workspaceId: string) {
  const box = h("input", { type: "checkbox", name: "autoAssign", checked: true, disabled: true });
  void admin.workspace(workspaceId).then((ws) => ((box.checked = ws.settings.autoAssign !== false), (box.disabled = false)), () => undefined);
  box.addEventListener("change", async () => {
    try {
      await admin.updateWorkspace(workspaceId, { settings: { autoAssign: box.checked } });
      toast(box.checked ? "Replies assign unassigned conversations" : "Replies no longer assign");
    } catch (e) {
      box.checked = !box.checked;
      toast(errorText(e), "error");
    }
  });
  return h("label", { class: "choice" }, box, h("span", null, h("strong", null, "Assign to whoever replies first"), h("small", { class: "muted" }, "A reply in an unassigned conversation makes it the replier's.")));
}

/** teamView lists members; owners and admins invite and remove people. */
export async function teamView(page: HTMLElement): Promise<Controller | void> {
  const workspaceId = state.workspaceId;
  const list = h("div", { class: "card table-card" }, h("p", { class: "muted pad" }, "Loading…"));
  const pending = h("div", { "data-testid": "pending-invites" });
  mount(
    page,
    pageHeader("Team", "Who answers this workspace's visitors."),
    list,
    canManage() ? [card("Invite someone", inviteForm(workspaceId, () => void loadInvites(workspaceId, pending))), card("Pending invites", pending), card("Assignment", assignmentSetting(workspaceId))] : null,
  );
  async function load() {
    try {
      const { members } = await get<{ members: Member[] }>(`/api/console/workspaces/${encodeURIComponent(workspaceId)}/members`);
      const remove = async (m: Member) => {
        if (!confirm(`Remove ${m.name} from this workspace?`)) return;
        try {
          await del(`/api/console/workspaces/${encodeURIComponent(workspaceId)}/members/${encodeURIComponent(m.userId)}`);
          toast(`${m.name} removed`);
          await load();
        } catch (e) {
          toast(errorText(e), "error");
        }
      };
      mount(list, h("table", { class: "table" }, h("thead", null, h("tr", null, ["Member", "Role", ""].map((t) => h("th", null, t)))), h("tbody", null, members.map((m) =>
        h("tr", null,
          h("td", null, h("div", { class: "who-cell" }, h("span", { class: "avatar avatar-sm" }, initials(m.name)), h("div", null, h("strong", null, m.name, m.you ? " (you)" : ""), h("small", { class: "muted" }, m.email)))),
          h("td", null, role() === "owner" && !m.you ? roleSelect(workspaceId, m, load) : badge(m.role, m.role === "owner" ? "agent" : m.role === "admin" ? "ok" : "neutral")),
          h("td", null, canManage() && !m.you && (role() === "owner" || m.role === "operator") ? h("button", { class: "btn btn-ghost btn-sm", onClick: () => void remove(m) }, "Remove") : null),
        )))));
      return true;
    } catch (e) {
      mount(list, h("p", { class: "form-error pad" }, errorText(e)));
      return false;
    }
  }
  // note: the invites are asked for only once the members answered, so a signed-out console asks once.
  if ((await load()) && canManage()) await loadInvites(workspaceId, pending);
}

/** roleSelect lets an owner change another member's role at once. */
function roleSelect(workspaceId: string, m: Member, reload: () => Promise<boolean>) {
  const select = h("select", { "aria-label": `Role of ${m.name}`, "data-testid": "member-role" }, (["owner", "admin", "operator"] as Role[]).map((r) => h("option", { value: r, selected: r === m.role }, r)));
  select.addEventListener("change", async () => {
    try {
      await patch(`/api/console/workspaces/${encodeURIComponent(workspaceId)}/members/${encodeURIComponent(m.userId)}`, { role: select.value });
      toast(`${m.name} is now ${select.value}`);
    } catch (e) {
      toast(errorText(e), "error");
    }
    await reload();
  });
  return select;
}

interface Invite {
  id: string;
  role: Role;
  expiresAt: string;
}

/** loadInvites lists the invite links not used yet, each with a Revoke button. */
async function loadInvites(workspaceId: string, box: HTMLElement) {
  const base = `/api/console/workspaces/${encodeURIComponent(workspaceId)}/invites`;
  let invites: Invite[];
  try {
    ({ invites } = await get<{ invites: Invite[] }>(base));
  } catch (e) {
    return mount(box, h("p", { class: "form-error" }, errorText(e)));
  }
  const revoke = async (i: Invite) => {
    if (!confirm(`Revoke this ${i.role} invite? Its link stops working.`)) return;
    try {
      await post(`${base}/${encodeURIComponent(i.id)}/revoke`, {});
      toast("Invite revoked");
    } catch (e) {
      toast(errorText(e), "error");
    }
    await loadInvites(workspaceId, box);
  };
  const mayRevoke = (i: Invite) => role() === "owner" || i.role === "operator";
  mount(box, invites.length
    ? h("ul", { class: "plain-list" }, invites.map((i) => h("li", { class: "row-actions" }, badge(i.role, "neutral"), h("span", { class: "muted small" }, `expires ${new Date(i.expiresAt).toLocaleDateString()}`), mayRevoke(i) ? h("button", { class: "btn btn-ghost btn-sm", type: "button", onClick: () => void revoke(i) }, "Revoke") : null)))
    : h("p", { class: "muted" }, "No pending invites."));
}
