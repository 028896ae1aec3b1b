// DOM helpers for the console: elements from plain values; text always as text nodes, never HTML.

/** Child is anything h() can append: text, nodes, or nothing. */
export type Child = Node | string | number | null | undefined | false | Child[];
type Props = Record<string, unknown>;

function append(parent: Node, child: Child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) for (const c of child) append(parent, c);
  else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

function apply(el: Element, props: Props) {
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k === "value" && "value" in el) (el as HTMLInputElement).value = String(v);
    else if (k === "checked" && "checked" in el) (el as HTMLInputElement).checked = Boolean(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

/** h builds an HTML element: h("button", { class: "btn", onClick }, "Save"). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) apply(el, props);
  append(el, children);
  return el;
}

/** s builds an SVG element for charts and icons. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  if (props) apply(el, props);
  append(el, children);
  return el;
}

/** mount replaces a container's content. */
export function mount(container: Element, ...children: Child[]) {
  container.replaceChildren();
  append(container, children);
}

/** timeAgo says how long ago an ISO time was, briefly. */
export function timeAgo(iso: string | number | undefined): string {
  if (iso === undefined) return "";
  const t = typeof iso === "number" ? iso : Date.parse(iso);
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  if (s < 45) return "now";
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  if (s < 7 * 86_400) return `${Math.round(s / 86_400)} d`;
  return new Date(t).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/** seenAgo says when something was last seen as a phrase: "just now", "5 min ago", or "on Nov 3". */
export function seenAgo(iso: string | number): string {
  const t = timeAgo(iso);
  if (t === "now") return "just now";
  return / (min|h|d)$/.test(t) ? `${t} ago` : `on ${t}`;
}

/** clock formats an ISO time as a local date and time. */
export const clock = (iso: string | number) => new Date(iso).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** initials makes an avatar's letters from a name or email. */
export function initials(name: string | null | undefined): string {
  const words = (name ?? "").replace(/@.*/, "").split(/[\s._-]+/).filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words[1]?.[0] ?? "")).toUpperCase();
}

/** toast shows a short message at the bottom of the screen. */
export function toast(message: string, kind: "ok" | "error" = "ok") {
  let box = document.querySelector(".toasts");
  if (!box) document.body.appendChild((box = h("div", { class: "toasts", role: "status", "aria-live": "polite" })));
  const el = h("div", { class: `toast toast-${kind}` }, message);
  box.appendChild(el);
  setTimeout(() => el.remove(), 3500);
}

/** copyText copies to the clipboard, falling back to a selection where the Clipboard API is missing. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { class: "offscreen", readonly: true }, text);
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}
