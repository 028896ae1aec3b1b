// The home view: start a new conversation, the visitor's conversations, and the visible ticket forms.
import type { Conversation, State, TicketForm } from "../types";
import { authorName, h, when } from "./dom";
import type { Nav, View } from "./shell";
import { t } from "./i18n";

/** visibleForms applies setVisibleTicketForms (null shows all) to the workspace's forms, in the workspace's order. */
export const visibleForms = (s: State): TicketForm[] => (s.session?.settings.ticketForms || []).filter((f) => !s.forms || s.forms.includes(f.key));

/** homeView lists conversations newest first; it refreshes in place when one changes. */
export function homeView(nav: Nav): View {
  const s = nav.rt.s;
  const start = h("button", { class: "primary", type: "button", onclick: () => nav.thread(null) }, t("New conversation"));
  const el = h("div", { class: "scroll home" });

  const row = (c: Conversation) => {
    const m = c.lastMessage;
    const name = !m ? t("New conversation") : m.author.kind == "customer" ? t("You") : authorName(m, s);
    return h(
      "li",
      null,
      h(
        "button",
        { class: "row", type: "button", "data-id": c.id, onclick: () => nav.thread(c.id) },
        h("span", { class: "name" }, name, c.kind == "ticket" && h("span", { class: "tag" }, t("Request")), c.status == "closed" && h("span", { class: "tag" }, t("Closed"))),
        h("time", { datetime: c.updatedAt }, when(c.updatedAt)),
        h("span", { class: "last" }, m ? m.body : ""),
        c.unreadCount > 0 && h("span", { class: "count" }, "" + c.unreadCount, h("span", { class: "sr" }, " " + t("unread"))),
      ),
    );
  };

  function render() {
    // note: re-rendering must not lose the keyboard user's place in the list.
    const focused = (nav.shell.root.activeElement as HTMLElement | null)?.dataset?.id;
    const list = [...(s.session?.conversations || [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    const forms = visibleForms(s);
    el.replaceChildren(
      start,
      h("h3", null, t("Your conversations")),
      list.length ? h("ul", { "aria-label": t("Your conversations") }, list.map(row)) : h("p", { class: "muted" }, t("No conversations yet.")),
    );
    if (forms.length) {
      const item = (f: TicketForm) =>
        h("li", null, h("button", { class: "row", type: "button", "data-form": f.key, onclick: () => nav.form(f.key) }, h("span", { class: "name" }, f.title)));
      el.append(h("h3", null, t("Submit a request")), h("ul", { "aria-label": t("Request forms") }, forms.map(item)));
    }
    if (focused) (el.querySelector(`[data-id="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }
  render();
  return { el, kind: "home", focus: () => start.focus(), update: render };
}
