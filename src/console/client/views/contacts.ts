// Contacts: every visitor and verified contact of the workspace, most recently seen first, searchable
// by name or email, paged with "Load more"; each row opens the person's page (contact.ts).
import { get, qs } from "../api";
import { h, mount, seenAgo, toast } from "../dom";
import { state } from "../state";
import type { Controller } from "../main";
import { badge, errorText, visitorAvatar, visitorName } from "./parts";
import { pageHeader } from "./shell";

/** ContactRow is one row of GET /api/admin/contacts. */
export interface ContactRow {
  id: string;
  kind: "contact" | "visitor";
  visitorId: string;
  name: string | null;
  email: string | null;
  company: string | null;
  verified: boolean;
  online: boolean;
  lastSeenAt: string;
  conversations: number;
}

/** identity says how sure the console is of who a person is. */
export const identity = (c: Pick<ContactRow, "verified" | "name" | "email">) => (c.verified ? badge("Verified", "ok") : c.email || c.name ? badge("Unverified", "warn") : badge("Anonymous"));

function row(c: ContactRow) {
  const href = `/admin/contacts/${encodeURIComponent(c.id)}`;
  return h(
    "tr",
    null,
    h("td", null, h("a", { href, "data-link": true, class: "who-cell" }, visitorAvatar(c, "avatar avatar-sm"), h("div", null, h("strong", null, visitorName(c)), c.email && c.name ? h("small", { class: "muted" }, c.email) : null))),
    h("td", null, identity(c)),
    h("td", null, c.online ? h("span", { class: "presence on" }, "online") : h("span", { class: "muted" }, `seen ${seenAgo(c.lastSeenAt)}`)),
    h("td", { class: "muted" }, c.conversations === 1 ? "1 conversation" : `${c.conversations} conversations`),
  );
}

/** contactsView lists the workspace's people with a search box. */
export function contactsView(page: HTMLElement): Controller {
  const workspace = state.workspaceId;
  const search = h("input", { type: "search", class: "contacts-search", placeholder: "Search by name or email", "aria-label": "Search contacts", maxlength: "200" });
  const body = h("div", { class: "card table-card" }, h("p", { class: "muted pad" }, "Loading…"));
  const more = h("button", { class: "btn btn-secondary btn-sm load-more", type: "button", hidden: true }, "Load more");
  mount(page, pageHeader("Contacts", "Everyone who opened the messenger, and every verified customer.", search), body, more);
  let items: ContactRow[] = [];
  let next: string | null = null;
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function draw() {
    more.hidden = !next;
    mount(
      body,
      items.length
        ? h("table", { class: "table contacts-table" }, h("thead", null, h("tr", null, ["Person", "Identity", "Seen", "Conversations"].map((t) => h("th", null, t)))), h("tbody", null, items.map(row)))
        : h("div", { class: "empty" }, h("h2", null, search.value.trim() ? "Nobody matches" : "No contacts yet"), h("p", { class: "muted" }, search.value.trim() ? "Try part of a name or an email address." : "People appear here once the messenger loads on one of your pages.")),
    );
  }
  async function load(after?: string) {
    const mine = ++asked;
    try {
      const r = await get<{ contacts: ContactRow[]; nextCursor: string | null }>(`/api/admin/contacts${qs({ workspace, q: search.value.trim(), after })}`);
      if (mine !== asked) return;
      items = after ? [...items, ...r.contacts] : r.contacts;
      next = r.nextCursor;
      draw();
    } catch (e) {
      if (after) toast(errorText(e), "error");
      else mount(body, h("p", { class: "form-error pad" }, errorText(e)));
    }
  }
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), 200);
  });
  more.addEventListener("click", () => next && void load(next));
  void load();
  return { dispose: () => clearTimeout(timer) };
}
