// Small shared pieces of console pages: badges, names, definition lists, safe links, cards.
import type { VisitorInfo } from "../admin";
import { h, initials, type Child } from "../dom";

/** badge is a small pill: neutral, ok (green), warn (amber) or agent (violet). */
export const badge = (text: string, kind: "neutral" | "ok" | "warn" | "agent" = "neutral") => h("span", { class: `badge badge-${kind}` }, text);

/** identityBadge says whether the visitor's identity is verified, only claimed (a name or email), or unknown. */
export const identityBadge = (v: VisitorInfo) => (v.verified ? badge("Verified", "ok") : v.email || v.name ? badge("Unverified", "warn") : badge("Anonymous"));

/** visitorAvatar is a visitor's initials in a circle. */
export const visitorAvatar = (v: VisitorInfo | null | undefined, cls = "avatar") => h("span", { class: cls }, initials(v?.name ?? v?.email));

/** visitorName is what the console calls a visitor: name, else email, else a short id. */
export const visitorName = (v: VisitorInfo | null | undefined) => v?.name || v?.email || `Visitor ${(v?.id ?? "").slice(-4) || "?"}`;

/** safeUrl returns an http(s) URL for a link, or null for anything else (javascript:, data:…). */
export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** pageLink links to a visitor's page, showing its title (or URL) as text. */
export function pageLink(page: { url: string; title?: string } | null | undefined) {
  if (!page?.url) return h("span", { class: "muted" }, "Unknown");
  const href = safeUrl(page.url);
  const text = page.title || page.url;
  return href ? h("a", { href, target: "_blank", rel: "noopener noreferrer", class: "page-link", title: page.url }, text) : h("span", null, text);
}

/** dl renders label–value rows, skipping empty values. */
export function dl(rows: [string, Child][]) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== "");
  return h("dl", { class: "facts" }, shown.map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
}

/** show turns any field value into display text. */
export const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** card is a titled white panel. */
export const card = (title: string | null, ...children: Child[]) => h("section", { class: "card" }, title ? h("h2", { class: "card-title" }, title) : null, children);

/** field is a labelled form control with an optional hint. */
export const field = (label: string, control: HTMLElement, hint?: string) => h("label", { class: "field" }, h("span", null, label), control, hint ? h("small", null, hint) : null);

/** errorText explains a failed call in a sentence. */
export const errorText = (e: unknown) => (e instanceof Error && e.message ? e.message : "Something went wrong; try again.");
