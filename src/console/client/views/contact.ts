// One contact (or anonymous visitor): identity, presence, fields, pages seen and conversations, and
// "Start a conversation" while they are online.
import { ApiError, get, post } from "../api";
import { clock, h, mount, seenAgo, toast } from "../dom";
import { navigate } from "../state";
import { identity, type ContactRow } from "./contacts";
import { badge, card, dl, errorText, pageLink, show, visitorAvatar, visitorName } from "./parts";
import { pageHeader } from "./shell";

/** ContactDetail is GET /api/admin/contacts/:id. */
interface ContactDetail extends ContactRow {
  userId: string | null;
  locale: string | null;
  firstSeenAt: string;
  page: { url: string; title?: string } | null;
  visitorIds: string[];
  fields: Record<string, unknown>;
  pages: { url: string; at: string }[];
  conversationList: { id: string; kind: "chat" | "ticket"; status: "open" | "closed"; updatedAt: string; preview: string | null }[];
}

function starter(c: ContactDetail) {
  if (!c.online) return h("p", { class: "muted" }, "A conversation can be started while this person is on your site.");
  const text = h("textarea", { rows: 3, maxlength: 5000, "aria-label": "First message", placeholder: `Say hello to ${visitorName(c)}` });
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "form" }, text, error, h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, "Start a conversation")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      const r = await post<{ conversationId: string }>(`/api/admin/contacts/${encodeURIComponent(c.id)}/conversations`, { body: text.value });
      toast("Conversation started");
      navigate(`/admin/inbox/${encodeURIComponent(r.conversationId)}`);
    } catch (err) {
      error.textContent = errorText(err);
    }
  });
  return form;
}

/** contactView renders /admin/contacts/:id. */
export async function contactView(page: HTMLElement, params: Record<string, string>) {
  mount(page, h("p", { class: "muted" }, "Loading…"));
  let c: ContactDetail;
  try {
    c = (await get<{ contact: ContactDetail }>(`/api/admin/contacts/${encodeURIComponent(params.id ?? "")}`)).contact;
  } catch (e) {
    const missing = e instanceof ApiError && e.status === 404;
    return mount(page, h("div", { class: "empty" }, h("h2", null, missing ? "Contact not found" : "Could not load the contact"), h("p", { class: "muted" }, missing ? "They do not exist, or belong to a workspace you are not a member of." : errorText(e)), h("a", { href: "/admin/contacts", "data-link": true, class: "btn btn-secondary" }, "Back to Contacts")));
  }
  const status = c.online ? h("span", { class: "presence on" }, "online now") : h("span", { class: "muted" }, `last seen ${seenAgo(c.lastSeenAt)}`);
  const fields = Object.entries(c.fields);
  mount(
    page,
    h("a", { href: "/admin/contacts", "data-link": true, class: "back-link" }, "← Contacts"),
    pageHeader(visitorName(c), c.email && c.name ? c.email : undefined, visitorAvatar(c)),
    h(
      "div",
      { class: "contact-grid" },
      card("Identity", h("p", { class: "contact-status" }, identity(c), status), dl([["Email", c.email], ["Company", c.company], ["User id", c.userId], ["Language", c.locale], ["First seen", clock(c.firstSeenAt)], ["Devices", String(c.visitorIds.length)], ["Page", c.page ? pageLink(c.page) : null]])),
      card("Start a conversation", starter(c)),
      card("Fields", fields.length ? dl(fields.map(([k, v]) => [k, show(v)])) : h("p", { class: "muted" }, "No fields sent.")),
      card("Pages seen", c.pages.length ? h("ul", { class: "plain-list" }, c.pages.map((p) => h("li", null, pageLink({ url: p.url }), " ", h("small", { class: "muted" }, clock(p.at))))) : h("p", { class: "muted" }, "No pages recorded.")),
    ),
    card(
      `Conversations (${c.conversations})`,
      c.conversationList.length
        ? h("ul", { class: "plain-list contact-convs" }, c.conversationList.map((x) => h("li", null, h("a", { href: `/admin/inbox/${encodeURIComponent(x.id)}`, "data-link": true }, x.preview ?? "No messages yet"), " ", badge(x.status === "open" ? "Open" : "Closed", x.status === "open" ? "ok" : "neutral"), x.kind === "ticket" ? badge("Ticket") : null, " ", h("small", { class: "muted" }, clock(x.updatedAt)))))
        : h("p", { class: "muted" }, "No conversations yet."),
    ),
  );
}
