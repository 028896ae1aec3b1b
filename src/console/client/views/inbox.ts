// Inbox: the conversation list (views, open / snoozed / closed, a tag filter), live over the inbox stream, beside the open conversation.
import { admin, type InboxItem } from "../admin";
import { h, mount, toast } from "../dom";
import { navigate, state } from "../state";
import type { Controller } from "../main";
import { conversationPane, type Pane } from "./conversation";
import { inboxRow } from "./inbox-row";
import { listen } from "../live";
import { viewBar, viewFilter, type View } from "./inbox-views";
import { errorText } from "./parts";
import { searchBox } from "./search";

/** inboxView mounts the inbox; /admin/inbox/:id opens a conversation beside the list. */
export function inboxView(page: HTMLElement, params: Record<string, string>): Controller {
  const workspace = state.workspaceId;
  let status: InboxItem["status"] = "open";
  let tag = "";
  let handler: "agent" | "team" | undefined;
  let view = (localStorage.getItem("woes.inboxView") ?? "all") as View;
  const filter = () => ({ ...viewFilter(view), ...(handler ? { handler } : {}), ...(tag ? { tag } : {}) });
  let items: InboxItem[] = [];
  let next: string | null = null;
  let selected = params.id ?? "";
  let pane: Pane | null = null;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;

  const list = h("ul", { class: "conv-list", role: "list", "aria-label": "Conversations" });
  const tabs = (["open", "snoozed", "closed"] as const).map((s) =>
    h("button", { class: "tab", role: "tab", "data-status": s, onClick: () => void setStatus(s) }, s[0]!.toUpperCase() + s.slice(1)),
  );
  const tagFilter = h("input", { type: "search", class: "tag-filter", placeholder: "Filter by tag", "aria-label": "Filter by tag", maxlength: 40 });
  tagFilter.addEventListener("change", () => ((tag = tagFilter.value.trim().toLowerCase()), (items = []), void reload()));
  const live = h("span", { class: "live-dot", title: "Connecting…" });
  const handlers = h(
    "select",
    { class: "handler-filter", "aria-label": "Who answers", onChange: () => void ((handler = (handlers.value || undefined) as typeof handler), (items = []), reload()) },
    h("option", { value: "" }, "All"),
    h("option", { value: "team" }, "The team"),
    h("option", { value: "agent" }, "Agents"),
  );
  const views = viewBar(view, (v) => {
    view = v;
    localStorage.setItem("woes.inboxView", v);
    items = [];
    void reload();
  });
  const more = h("button", { class: "btn btn-ghost btn-sm load-more", type: "button", hidden: true, onClick: () => void loadMore() }, "Load more");
  const detail = h("section", { class: "inbox-detail", "aria-label": "Conversation" });
  const layout = h(
    "div",
    { class: "inbox" },
    h("section", { class: "inbox-list" }, h("div", { class: "list-head" }, h("h1", null, "Inbox", live), views, h("div", { class: "list-tools" }, h("div", { class: "tabs", role: "tablist" }, tabs), handlers), tagFilter), list, more),
    detail,
  );
  mount(page, layout);
  layout.querySelector(".inbox-list")!.prepend(searchBox(workspace));

  function render() {
    mount(list, items.length ? items.map((c) => inboxRow(c, selected)) : h("li", { class: "empty-list" }, emptyText()));
    more.hidden = !next;
  }

  function emptyText() {
    if (tag) return `No ${status} conversations tagged “${tag}”.`;
    if (status === "snoozed") return "Nothing snoozed. Snooze a conversation to put it aside until later.";
    if (view === "mine") return status === "open" ? "Nothing assigned to you. Pick one from Unassigned, or reply to take it." : "No closed conversations of yours.";
    if (view === "none") return status === "open" ? "Every open conversation has someone on it." : "No closed unassigned conversations.";
    if (view === "waiting") return "Nobody is waiting for a person.";
    return status === "open" ? "No open conversations. New ones appear here as visitors write." : "No closed conversations yet.";
  }

  // note: answers can come out of order (a slow instance behind a balancer, a busy server): each read of the list takes
  // the next number, and an answer is shown only if it is newer than the one shown and for the tab, view and filters
  // chosen now. Reads that overlap (live changes while a read is on its way) still each show, in order.
  let reads = 0;
  let shownRead = 0;
  const asking = () => JSON.stringify([status, filter()]);
  const current = (read: number, asked: string) => read > shownRead && asked === asking();

  // note: a live reload reads what is shown and room for new arrivals (up to a page of 100), so pages loaded with "Load more" stay.
  async function reload() {
    const read = ++reads;
    const asked = asking();
    try {
      const page = await admin.inbox(workspace, status, { limit: Math.min(100, Math.max(50, items.length + 25)), ...filter() });
      if (!current(read, asked)) return;
      shownRead = read;
      items = page.conversations;
      next = page.hasMore ? page.nextCursor : null;
      render();
    } catch (e) {
      if (current(read, asked)) mount(list, h("li", { class: "empty-list" }, errorText(e)));
    }
  }

  async function loadMore() {
    if (!next) return;
    const after = shownRead;
    const asked = asking();
    try {
      const page = await admin.inbox(workspace, status, { after: next, ...filter() });
      // note: a list shown again meanwhile (or another view's) is not the one this page follows.
      if (after !== shownRead || asked !== asking()) return;
      // note: a page after a conversation erased meanwhile starts again at that one's time, so one shown may come twice.
      const shown = new Set(items.map((c) => c.id));
      items = [...items, ...page.conversations.filter((c) => !shown.has(c.id))];
      next = page.hasMore ? page.nextCursor : null;
      render();
    } catch (e) {
      toast(errorText(e), "error");
    }
  }
  const soon = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void reload(), 120);
  };

  async function setStatus(s: InboxItem["status"]) {
    status = s;
    items = [];
    for (const t of tabs) t.setAttribute("aria-selected", String(t.dataset.status === s));
    await reload();
  }

  function select(id: string) {
    selected = id;
    layout.classList.toggle("has-selection", Boolean(id));
    for (const a of list.querySelectorAll<HTMLElement>(".conv-item")) a.classList.toggle("selected", a.dataset.id === id);
    pane?.dispose();
    // note: a conversation opened by its URL may be closed; the list then shows the Closed tab it belongs to.
    const onLoaded = (d: { id: string; status: InboxItem["status"] }) => void (d.status !== status && !items.some((c) => c.id === d.id) && setStatus(d.status));
    pane = id ? conversationPane(id, { onChanged: soon, onBack: () => navigate("/admin/inbox"), onLoaded }) : null;
    list.querySelector(".conv-item.selected")?.scrollIntoView({ block: "nearest" });
    mount(detail, pane?.el ?? h("div", { class: "empty" }, h("h2", null, "Pick a conversation"), h("p", { class: "muted" }, "Press J and K to move through the list, R to reply, N for an internal note.")));
  }

  function step(by: number) {
    if (!items.length) return;
    const at = items.findIndex((c) => c.id === selected);
    const next = items[Math.min(items.length - 1, Math.max(0, at === -1 ? 0 : at + by))]!;
    navigate(`/admin/inbox/${encodeURIComponent(next.id)}`);
  }

  const keys = (e: KeyboardEvent) => {
    const typing = (e.target as HTMLElement).closest?.("input, textarea, select, [contenteditable]");
    if (typing || e.metaKey || e.ctrlKey || e.altKey) return;
    const act: Record<string, () => void> = { j: () => step(1), k: () => step(-1), r: () => pane?.focus(false), n: () => pane?.focus(true) };
    const fn = act[e.key.toLowerCase()];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };
  document.addEventListener("keydown", keys);

  // note: a snooze ends by the clock, with no event to announce it; a minute's re-read brings woken conversations back.
  const wakeTimer = setInterval(soon, 60_000);
  const unlisten = listen(workspace, {
    event(name, data) {
      const id = data?.conversation?.id ?? data?.conversationId ?? data?.message?.conversationId;
      if (name === "typing") return void (pane && id === selected && pane.visitorTyping());
      soon();
      if (pane && id === selected) pane.refresh();
    },
    open(again) {
      live.classList.add("on");
      live.title = "Live";
      // note: after a reconnect, what happened while the stream was down is read again.
      if (again) soon(), pane?.refresh();
    },
    down() {
      live.classList.remove("on");
      live.title = "Reconnecting…";
    },
  });

  void setStatus("open");
  select(selected);
  return {
    update(p) {
      select(p.id ?? "");
      return true;
    },
    dispose() {
      unlisten();
      clearTimeout(reloadTimer);
      clearInterval(wakeTimer);
      document.removeEventListener("keydown", keys);
      pane?.dispose();
    },
  };
}
