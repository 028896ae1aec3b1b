// One inbox row: the visitor, the last message, and badges for kind, handler, assignee, tags and unread.
import type { InboxItem } from "../admin";
import { h, timeAgo } from "../dom";
import { assigneeBadge } from "./conversation-assign";
import { handlerBadge } from "./conversation-handler";
import { badge, visitorAvatar, visitorName } from "./parts";

/** inboxRow renders conversation c as a link; selected names the open one. */
export function inboxRow(c: InboxItem, selected: string) {
  const last = c.lastMessage;
  const who = last?.author.kind === "operator" ? (last.internal ? "Note: " : "You: ") : last?.author.kind === "agent" ? `${last.author.name ?? "Agent"}: ` : "";
  const unread = c.unreadCount ?? 0;
  return h(
    "li",
    null,
    h(
      "a",
      { href: `/admin/inbox/${encodeURIComponent(c.id)}`, "data-link": true, class: `conv-item${c.id === selected ? " selected" : ""}${unread ? " unread" : ""}`, "data-id": c.id },
      visitorAvatar(c.visitor),
      h(
        "span",
        { class: "conv-main" },
        h("span", { class: "conv-top" }, h("strong", { class: "conv-name" }, visitorName(c.visitor)), c.visitor?.verified ? badge("Verified", "ok") : null, h("time", null, timeAgo(c.updatedAt))),
        c.visitor?.email && c.visitor.name ? h("span", { class: "conv-email" }, c.visitor.email) : null,
        h("span", { class: "conv-preview" }, who, last ? last.body || (last.attachments?.length ? `Sent ${last.attachments.length === 1 ? "a file" : `${last.attachments.length} files`}` : "") : "No messages yet"),
        h("span", { class: "conv-meta" }, c.kind === "ticket" ? badge("Ticket") : null, handlerBadge(c) ?? (c.agent ? badge(c.agent.name, "agent") : null), assigneeBadge(c), (c.tags ?? []).map((t) => h("span", { class: "tag-badge" }, t)), unread ? h("span", { class: "count", "aria-label": `${unread} unread` }, String(unread)) : null),
      ),
    ),
  );
}
