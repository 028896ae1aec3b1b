// DOM helpers for the messenger: elements built with createElement and text nodes, never from HTML strings.
import type { Message, State } from "../types";
import { lang, t } from "./i18n";

type Child = Node | string | null | undefined | false;

/** h builds an element: "on*" props become listeners, known properties are set, the rest are attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Record<string, unknown> | null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v as EventListener);
    else if (k in el) (el as any)[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  // note: append() turns strings into text nodes, so message text can never become markup.
  for (const c of children.flat()) if (c != null && c !== false) el.append(c);
  return el;
}

/** icon draws a 24×24 stroke icon from one path, hidden from assistive technology (its button has a label). */
export function icon(d: string): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", d);
  svg.append(path);
  return svg;
}

/** Icon paths used by the messenger. */
export const ICONS = {
  close: "M6 6l12 12M18 6L6 18",
  back: "M15 5l-7 7 7 7",
  send: "M4 12l16-8-6 16-2-7z",
  clip: "M20 11l-8 8a5 5 0 01-7-7l8-8a3.5 3.5 0 015 5l-8 8a2 2 0 01-3-3l7-7",
};

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

/** linkify turns http(s) URLs in plain text into safe links (new tab, rel=noopener) and leaves the rest as text. */
export function linkify(text: string): Child[] {
  const out: Child[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_RE)) {
    // note: trailing punctuation usually ends the sentence, not the URL.
    const raw = match[0].replace(/[.,;:!?)\]}]+$/, "");
    out.push(text.slice(at, match.index));
    // note: not a valid http(s) URL: it stays plain text.
    const href = safeUrl(raw);
    out.push(href ? h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, raw) : raw);
    at = match.index! + raw.length;
  }
  out.push(text.slice(at));
  return out;
}

/** safeUrl returns the URL when it is http(s): for links in messages and avatars from workspace settings. */
export function safeUrl(value?: string): string | undefined {
  try {
    const u = new URL(value || "");
    return u.protocol == "https:" || u.protocol == "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** when formats a timestamp in the visitor's language (Intl): the time for today, else a short date. */
export function when(iso: string): string {
  const d = new Date(iso);
  return d.toDateString() == new Date().toDateString()
    ? d.toLocaleTimeString(lang(), { hour: "numeric", minute: "2-digit" })
    : d.toLocaleDateString(lang(), { month: "short", day: "numeric" });
}

/** uid makes a client id for idempotent sends; getRandomValues works on plain-http pages too. */
export const uid = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

/** authorName is who wrote a reply, as the messenger shows it: the author's own name, the key's agent, the workspace. */
export const authorName = (m: Pick<Message, "author">, s: State) =>
  m.author.name || (m.author.kind == "agent" && s.session?.agent?.name) || s.session?.workspace.name || t("Support");

/** avatar shows an image when its URL is safe and loads, else the name's initial. */
export function avatar(name: string, url?: string, cls = "avatar"): HTMLElement {
  const el = h("span", { class: cls, "aria-hidden": "true" }, (name.trim()[0] || "?").toUpperCase());
  const src = safeUrl(url);
  if (src) {
    const img = h("img", { src, alt: "", onerror: () => img.remove() });
    el.append(img);
  }
  return el;
}
