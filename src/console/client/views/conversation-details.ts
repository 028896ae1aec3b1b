// The right-hand panel of a conversation: who the visitor is, where they are, what they told us.
import type { Detail } from "../admin";
import { clock, h, seenAgo } from "../dom";
import { badge, card, dl, identityBadge, pageLink, show } from "./parts";
import { tagsCard } from "./conversation-tags";
import { dataRightsCard } from "./data-rights";

function presence(d: Detail) {
  if (d.visitor?.online) return h("span", { class: "presence on" }, "Online now");
  return h("span", { class: "presence" }, d.visitor?.lastSeenAt ? `Last seen ${seenAgo(d.visitor.lastSeenAt)}` : "Offline");
}

function survey(d: Detail) {
  const s = d.survey;
  if (!s) return null;
  const max = s.kind === "nps" ? 10 : 5;
  const tone = s.kind === "nps" ? (s.score >= 9 ? "ok" : s.score >= 7 ? "neutral" : "warn") : s.score >= 4 ? "ok" : s.score === 3 ? "neutral" : "warn";
  return card(
    "Survey",
    h("div", { class: "score" }, h("strong", null, String(s.score)), h("span", { class: "muted" }, ` / ${max}`), badge(s.kind === "nps" ? "NPS" : "CSAT", tone as "ok" | "neutral" | "warn")),
    s.comment ? h("blockquote", null, s.comment) : null,
  );
}

/** detailsPanel renders visitor details, tags, conversation fields, ticket answers and the survey score; changed runs after a tag change. */
export function detailsPanel(d: Detail, changed: () => void) {
  const v = d.visitor;
  const fields = Object.entries(d.fields ?? {});
  const ticket = d.ticket;
  return [
    card(
      "Visitor",
      dl([
        ["Name", v?.name ?? "Unknown"],
        ["Email", v?.email ? h("span", null, v.email, " ", identityBadge(v)) : "Not given"],
        ["Company", v?.company ?? ""],
        ["Presence", presence(d)],
        ["Current page", pageLink(v?.page)],
        ["Language", v?.locale ?? ""],
      ]),
    ),
    card(
      "Conversation",
      dl([
        ["Status", d.status === "open" ? "Open" : d.status === "snoozed" ? `Snoozed until ${clock(d.snoozedUntil ?? "")}` : "Closed"],
        ["Kind", d.kind === "ticket" ? "Ticket" : "Chat"],
        ["Agent", d.agent?.name ?? "None"],
        ["Started", clock(d.createdAt)],
      ]),
    ),
    tagsCard(d, changed),
    fields.length ? card("Conversation fields", dl(fields.map(([k, val]) => [k, show(val)]))) : null,
    ticket ? card(`Ticket · ${ticket.title ?? ticket.form}`, dl(Object.entries(ticket.fields ?? {}).map(([k, val]) => [ticket.labels?.[k] ?? k, show(val)]))) : null,
    survey(d),
    dataRightsCard(v),
  ];
}
