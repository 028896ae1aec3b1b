// The messenger's frame: a shadow root with the launcher, the panel (header, body) and a live region.
import type { Runtime } from "../types";
import type { Sync } from "./sync";
import { linkCss } from "../brand";
import { avatar, h, icon, ICONS } from "./dom";
import { CSS } from "./styles";

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
  const back = h("button", { class: "icon-btn", type: "button", "aria-label": "Back to conversations", hidden: true, onclick: onBack }, icon(ICONS.back));
  let face = h("span", { class: "avatar", "aria-hidden": "true" });
  const close = h("button", { class: "icon-btn", type: "button", "aria-label": "Close chat", onclick: () => rt.open(false) }, icon(ICONS.close));
  const body = h("div", { class: "body" });
  const panel = h(
    "div",
    { class: "panel", id: "woes-panel", role: "dialog", "aria-labelledby": "woes-title", hidden: true, onkeydown: (e: KeyboardEvent) => e.key == "Escape" && rt.open(false) },
    h("header", null, back, face, h("div", { class: "heading" }, title, subtitle), close),
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
    /** header shows the agent (for agent keys) or the workspace, with the greeting, and puts the brand colour
     *  on the links. */
    header() {
      const session = rt.s.session;
      const color = session?.settings.brandColor;
      links?.replaceSync(color ? linkCss(color) : "");
      const name = session?.agent?.name || session?.workspace.name || "Chat";
      title.textContent = name;
      subtitle.textContent = session?.settings.greeting || (session?.agent ? session.workspace.name : "Ask us anything, we reply here");
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
