// Settings → Keys, for owners: the admin API tokens that reach this workspace, with expiry and revoke.
import { admin, type AdminToken, type Workspace } from "../admin";
import { clock, h, mount, toast } from "../dom";
import { badge, card, errorText } from "./parts";

function tokenRow(t: AdminToken, onRevoke: (t: AdminToken) => void) {
  // note: a token that reaches beyond the workspaces this owner owns is revoked by the CLI or an all-workspace token.
  const beyond = h("span", { class: "muted", title: "It reaches workspaces you do not own; revoke it with woes token revoke ID." }, "Revoke with the CLI");
  const revoke = h("button", { class: "btn btn-danger btn-sm", "data-testid": `revoke-${t.id}`, onClick: () => onRevoke(t) }, "Revoke");
  const state = t.revoked ? badge("Revoked", "warn") : t.expired ? badge("Expired", "warn") : t.revocable ? revoke : beyond;
  return h(
    "tr",
    { class: t.revoked || t.expired ? "revoked" : "", "data-token": t.id },
    h("td", null, h("div", null, t.name), h("code", { class: "muted" }, t.id)),
    h("td", null, badge(t.allWorkspaces ? "Every workspace" : t.revocable ? "This workspace" : "Other workspaces too")),
    h("td", { class: "muted" }, clock(t.createdAt)),
    h("td", { class: "muted" }, t.expiresAt ? clock(t.expiresAt) : "Never"),
    h("td", null, state),
  );
}

/** tokensCard lists the admin tokens that reach ws with revoke buttons (for those this owner may revoke); it renders nothing for non-owners. */
export async function tokensCard(host: HTMLElement, ws: Workspace) {
  const first = await admin.tokens(ws.id).catch(() => null);
  if (!first) return;
  const tbody = h("tbody");
  const draw = (list: AdminToken[]) => mount(tbody, list.length ? list.map((t) => tokenRow(t, revoke)) : h("tr", null, h("td", { colspan: 5, class: "muted" }, "No admin tokens.")));
  async function revoke(t: AdminToken) {
    if (!confirm(`Revoke the token "${t.name}"? Scripts using it are refused from their next request.`)) return;
    try {
      await admin.revokeToken(ws.id, t.id);
      toast("Token revoked");
      draw(await admin.tokens(ws.id));
    } catch (e) {
      toast(errorText(e), "error");
    }
  }
  draw(first);
  mount(
    host,
    card("Admin API tokens", h("p", { class: "muted" }, "Tokens act as an owner on the operator API. Create them with ", h("code", null, "woes token create [--expires-days N]"), "; they are shown once and stored hashed."),
      h("div", { class: "table-scroll" }, h("table", { class: "table", "data-testid": "tokens" }, h("thead", null, h("tr", null, ["Token", "Reaches", "Created", "Expires", ""].map((x) => h("th", null, x)))), tbody))),
  );
}
