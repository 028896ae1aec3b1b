// The messenger's frame: a shadow root with the launcher, the panel (header, body) and a live region.
import type { Runtime } from "../types";
import type { Sync } from "./sync";
import { linkCss } from "../brand";
import { avatar, h, icon, ICONS } from "./dom";
import { CSS } from "./styles";
import { lang, rtl, t } from "./i18n";

/** View is what fills the panel body: its element, and what it does when things change. */
export interface View {
  el: HTMLElement;
  /** "thread" views carry their conversation id (null while it is a new conversation). */
  kind: "home" | "thread" | "form";
  id?: string | null;
  focus(): void;
  update?(what: string, data?: any): void;
  /** The text in the composer, kept when the view is rebuilt. */
  draft?(): string;
}

/** Nav is what views use to move around the messenger. */
export interface Nav {
  rt: Runtime;
  sync: Sync;
  shell: Shell;
  home(): void;
  thread(id: string | null, draft?: string): void;
  form(key: string): void;
}

/** Shell is the frame the views are shown in. */
export type Shell = ReturnType<typeof createShell>;

const REPLIES: Record<string, string> = {
  minutes: "Usually replies in a few minutes",
  hour: "Usually replies within an hour",
  hours: "Usually replies in a few hours",
  day: "Usually replies within a day",
};

/** availability is the header's line: online now, else when the team is back (in the visitor's language and time
 *  zone), then how soon it usually replies. */
export function availability(a: { online: boolean; replyTime?: string; nextOpenAt?: string }, now = new Date()): string {
  const parts: string[] = [];
  if (a.online) parts.push(t("Online"));
  else if (a.nextOpenAt) {
    const at = new Date(a.nextOpenAt);
    const time = at.toLocaleTimeString(lang(), { hour: "numeric", minute: "2-digit" });
    const today = at.toDateString() == now.toDateString();
    parts.push(today ? t("Back at {time}", { time }) : t("Back {day} at {time}", { time, day: at.toLocaleDateString(lang(), { weekday: "long" }) }));
  }
  const reply = REPLIES[a.replyTime!];
  if (reply) parts.push(t(reply));
  return parts.join(" · ");
}

/** createShell adds the panel to the frame the loader drew (its shadow root and launcher), styled by a
 *  constructed stylesheet (no inline styles, strict-CSP safe). */
export function createShell(rt: Runtime, onBack: () => void) {
  const { root, wrap, launcher } = rt.ui();
  launcher.setAttribute("aria-controls", "woes-panel");
  let links: CSSStyleSheet | undefined;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    links = new CSSStyleSheet();
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet, links];
  } catch {
    // note: browsers without constructable sheets get a <style>; only they would need style-src 'unsafe-inline'.
    root.append(h("style", null, CSS));
  }

  const title = h("h2", { class: "title", id: "woes-title" });
  const subtitle = h("p", { class: "subtitle" });
  const avail = h("p", { class: "subtitle avail" });
  const back = h("button", { class: "icon-btn", type: "button", "aria-label": t("Back to conversations"), hidden: true, onclick: onBack }, icon(ICONS.back));
  let face = h("span", { class: "avatar", "aria-hidden": "true" });
  const close = h("button", { class: "icon-btn", type: "button", "aria-label": t("Close chat"), onclick: () => rt.open(false) }, icon(ICONS.close));
  const body = h("div", { class: "body" });
  const panel = h(
    "div",
    { class: "panel", id: "woes-panel", role: "dialog", "aria-labelledby": "woes-title", hidden: true, onkeydown: (e: KeyboardEvent) => e.key == "Escape" && rt.open(false) },
    h("header", null, back, face, h("div", { class: "heading" }, title, subtitle, avail), close),
    body,
  );
  const live = h("div", { class: "sr", role: "status", "aria-live": "polite" });
  wrap.prepend(panel);
  wrap.append(live);

  let view: View | null = null;
  return {
    root,
    wrap,
    panel,
    launcher,
    get view() {
      return view;
    },
    /** show puts a view in the panel body; focus moves to it only when asked (the user navigated there). */
    show(next: View, focus: boolean) {
      view = next;
      back.hidden = next.kind == "home";
      body.replaceChildren(next.el);
      if (focus) next.focus();
    },
    /** header shows the agent (for agent keys) or the workspace, with the greeting, puts the brand colour on the
     *  links, and the language and direction on the root. */
    header() {
      const session = rt.s.session;
      const color = session?.settings.brandColor;
      links?.replaceSync(color ? linkCss(color) : "");
      // note: the language may have changed with the session; the root says which, and its direction.
      wrap.lang = lang();
      wrap.dir = rtl() ? "rtl" : "ltr";
      back.ariaLabel = t("Back to conversations");
      close.ariaLabel = t("Close chat");
      const name = session?.agent?.name || session?.workspace.name || t("Chat");
      title.textContent = name;
      subtitle.textContent = session?.settings.greeting || (session?.agent ? session.workspace.name : t("Ask us anything, we reply here"));
      const a = session?.settings.availability;
      avail.textContent = a ? availability(a) : "";
      avail.classList.toggle("on", !!a?.online);
      const next = avatar(name, session?.agent?.avatarUrl);
      face.replaceWith(next);
      face = next;
    },
    /** announce speaks a line through the polite live region. */
    announce(text: string) {
      live.textContent = "";
      setTimeout(() => (live.textContent = text), 50);
    },
  };
}
