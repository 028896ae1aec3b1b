// The launcher, drawn by widget.js itself so it shows as soon as the session answers: a shadow root with the
// bubble and its unread badge, themed; the messenger, loaded on intent, adds its panel to the same root.
import { onColor } from "./brand";
import { ICONS } from "./icons";
import { on, rt, s } from "./state";
import { track } from "./track";

/** CSS is the launcher's stylesheet and the theme colours the messenger shares (its own sheet adds the rest). */
const CSS =
  ":host{all:initial}.w{--accent:#4f46e5;--on-accent:#fff;--bg:#fff}.dark{--accent:#8b8cf8;--on-accent:#10121a;--bg:#15171d}[hidden]{display:none!important}" +
  ".launcher{position:fixed;left:var(--l,auto);right:var(--r,20px);bottom:var(--y,20px);z-index:2147483000;width:60px;height:60px;border:0;border-radius:50%;background:var(--accent);color:var(--on-accent);box-shadow:0 8px 28px #0005;display:grid;place-items:center;cursor:pointer;font:700 12px/22px system-ui}" +
  "svg{width:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}" +
  ".badge{position:absolute;top:-4px;right:-4px;min-width:22px;padding:0 6px;border-radius:11px;background:#d93036;color:#fff;border:2px solid var(--bg)}";

/** drawLauncher builds the launcher, puts it on the page once the session answers (or the messenger asks for
 *  it through rt.ui), keeps it painted from the state, and takes it off at shutdown. */
export function drawLauncher(load: () => void) {
  const el = (tag: string, parent: Node, cls = "") => parent.appendChild(Object.assign(document.createElement(tag), { className: cls }));
  const host = document.createElement("woes-widget");
  const root = host.attachShadow({ mode: "open" });
  /** brand sets the workspace's look (colour, launcher side and offset), a sheet after the launcher's own. */
  let brand = (_: string) => {};
  try {
    const sheet = new CSSStyleSheet();
    const look = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet, look];
    brand = (css) => look.replaceSync(css);
  } catch {
    // note: browsers without constructable sheets get a <style> (only they would need style-src 'unsafe-inline')
    // and the default look: a second <style> would not fit widget.js's size budget.
    el("style", root).textContent = CSS;
  }
  const wrap = el("div", root);
  const launcher = el("button", wrap, "launcher") as HTMLButtonElement;
  const svg = (tag: string, parent: Node) => parent.appendChild(document.createElementNS("http://www.w3.org/2000/svg", tag));
  const icon = svg("svg", launcher);
  const path = svg("path", icon);
  const badge = el("span", launcher, "badge");
  const dark = matchMedia("(prefers-color-scheme: dark)");
  let seen = 0;
  icon.setAttribute("viewBox", "0 0 24 24");
  // note: pointing at, focusing or pressing the launcher is intent: the messenger starts loading then.
  for (const type of ["pointerenter", "focus", "pointerdown"]) launcher.addEventListener(type, load);
  launcher.onclick = () => (load(), rt.open(!s.open));

  /** paint draws the state: theme (setTheme, else the workspace's, else the visitor's), open, bubble, badge, label. */
  const paint = () => {
    if (!host.isConnected) return;
    const settings = s.session?.settings;
    const workspace = settings?.theme;
    const place = settings?.launcher;
    const { x = 20, y = 20 } = place?.offset || {};
    const color = settings?.brandColor;
    // note: custom properties place the launcher and (in the messenger's sheet) the panel above it.
    brand(`.w.w{--r:auto;--${place?.position == "left" ? "l" : "r"}:${x}px;--y:${y}px${color ? `;--accent:${color};--on-accent:${onColor(color)}` : ""}}`);
    const theme = s.theme || (workspace != "auto" && workspace) || (dark.matches ? "dark" : "light");
    const n = Math.max(0, s.unread);
    wrap.className = "w " + theme + (s.open ? " open" : "");
    launcher.hidden = !s.bubble;
    // note: the workspace's icon (a chat bubble until the session answers), or a cross while the messenger is open.
    path.setAttribute("d", s.open ? "M6 6l12 12M18 6L6 18" : ICONS[place?.icon || "chat"]);
    if (s.bubble && s.session && !seen++) track("launcher_view");
    badge.hidden = !n;
    badge.textContent = n > 99 ? "99+" : "" + n;
    launcher.ariaExpanded = "" + !!s.open;
    launcher.ariaLabel = s.open ? "Close chat" : n ? `Open chat, ${n} unread` : "Open chat";
  };

  // note: the frame goes on the page only for a visitor: a messenger that finishes loading after a shutdown
  // (it was fetched at idle) must not bring it back; the next session does.
  rt.ui = () => (host.isConnected || !s.session || ((document.body || document.documentElement).append(host), paint()), { root, wrap, launcher });
  dark.onchange = paint;
  on((what) => (what == "shutdown" ? (host.remove(), (seen = 0)) : (what == "session" && rt.ui(), paint())));
}
