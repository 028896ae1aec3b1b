// One conversation: the thread, the reply / internal-note composer, close and reopen, and the visitor panel.
import { admin, type Detail, type Message } from "../admin";
import { ApiError } from "../api";
import { clock, h, mount, toast } from "../dom";
import { icon } from "./icons";
import { badge, errorText, visitorAvatar, visitorName } from "./parts";
import { detailsPanel } from "./conversation-details";
import { handlerControls } from "./conversation-handler";
import { assignControl } from "./conversation-assign";
import { typingLine, typingSender } from "./conversation-typing";
import { snoozeControl } from "./conversation-tags";
import { whyThis } from "./trace";
import { replyPicker } from "./reply-picker";
import { state } from "../state";
import { attachmentList, filePicker } from "./conversation-files";
import { recount } from "../alerts";

/** Pane is a mounted conversation. */
export interface Pane {
  el: HTMLElement;
  refresh(): void;
  /** visitorTyping shows "Visitor is typing…" for a while. */
  visitorTyping(): void;
  focus(note: boolean): void;
  dispose(): void;
}

function bubble(m: Message, opened: Set<string>) {
  const cls = m.internal ? "msg msg-note" : `msg msg-${m.author.kind}`;
  const who = m.internal ? `Internal note · ${m.author.name ?? "Operator"}` : (m.author.name ?? (m.author.kind === "customer" ? "Visitor" : m.author.kind));
  return h(
    "li",
    { class: cls, "data-id": m.id },
    h("div", { class: "msg-head" }, m.internal ? icon("lock", 13) : null, h("span", null, who), h("time", { datetime: m.createdAt }, clock(m.createdAt))),
    m.body ? h("p", { class: "msg-body" }, m.body) : null,
    attachmentList(m.attachments),
    // note: a handoff's system message carries the failed attempt's trace; an answer carries its own.
    m.trace ? whyThis(m.id, m.trace, opened, m.author.kind === "system" ? "Why was it handed over?" : "Why this answer?") : null,
  );
}

/** conversationPane loads and renders conversation id; onChanged tells the inbox to refresh its list. */
export function conversationPane(id: string, opts: { onChanged: () => void; onBack: () => void; onLoaded?: (d: Detail) => void }): Pane {
  let detail: Detail | null = null;
  let note = false;
  let loading: Promise<void> | null = null;
  let again = false;
  // note: a refresh asked for while a read is in flight (an assignment, a stream event) makes that read's answer stale:
  // it may predate the change, so only the newest asked-for read is drawn.
  let asked = 0;
  const opened = new Set<string>();

  const head = h("header", { class: "conv-head" });
  // note: who owns it and the snooze sit on a line of their own, so the visitor's name keeps its room.
  const tools = h("div", { class: "conv-tools" });
  // note: focusable from script only: focus goes here once the earlier messages are all shown.
  const thread = h("ol", { class: "thread", "aria-live": "polite", tabindex: -1 });
  const more = h("button", { class: "btn btn-ghost btn-sm", type: "button", onClick: () => void showEarlier() }, "Show earlier messages");
  const moreItem = h("li", { class: "thread-more" }, more);
  const text = h("textarea", { class: "composer-input", rows: 3, "aria-label": "Message", maxlength: 5000 });
  const send = h("button", { class: "btn btn-primary", type: "submit" }, "Send");
  const modes = [h("button", { type: "button", class: "tab", role: "tab", onClick: () => setMode(false) }, "Reply"), h("button", { type: "button", class: "tab", role: "tab", onClick: () => setMode(true) }, "Internal note")];
  const files = filePicker(id);
  const composer = h(
    "form",
    { class: "composer" },
    h("div", { class: "composer-tabs", role: "tablist" }, modes),
    text,
    files.chips,
    h("div", { class: "composer-foot" }, files.button, h("small", { class: "muted hint" }, "/ saved replies · Ctrl+Enter to send · R reply · N note · J/K next/previous"), send),
  );
  // note: a pasted image (a screenshot) or files dropped on the conversation wait beside the reply.
  text.addEventListener("paste", (e) => {
    const pasted = [...(e.clipboardData?.files ?? [])];
    if (pasted.length) e.preventDefault(), files.add(pasted);
  });
  composer.prepend(replyPicker(text, state.workspaceId));
  const side = h("aside", { class: "conv-side", "aria-label": "Visitor details" });
  const typing = typingLine();
  const el = h("div", { class: "conv" }, h("div", { class: "conv-center" }, head, tools, thread, typing.el, composer), side);
  el.addEventListener("dragover", (e) => e.preventDefault());
  el.addEventListener("drop", (e) => (e.preventDefault(), files.add([...(e.dataTransfer?.files ?? [])])));
  const typed = typingSender(id);
  // note: an internal note is not for the visitor, so writing one is not announced.
  text.addEventListener("input", () => !note && text.value.trim() && typed());

  function setMode(isNote: boolean) {
    note = isNote;
    composer.classList.toggle("is-note", note);
    modes[0]!.setAttribute("aria-selected", String(!note));
    modes[1]!.setAttribute("aria-selected", String(note));
    text.placeholder = note ? "Write an internal note: only operators see it" : "Reply to the visitor";
    send.textContent = note ? "Add note" : "Send";
  }

  function renderHead(d: Detail) {
    const action = d.status === "closed" ? "reopen" : "close";
    const toggle = h("button", { class: `btn ${action === "close" ? "btn-secondary" : "btn-primary"}`, onClick: () => void setStatus(action) }, action === "close" ? "Close" : "Reopen");
    mount(
      head,
      h("button", { class: "btn-icon back", "aria-label": "Back to the list", onClick: opts.onBack }, icon("back", 20)),
      visitorAvatar(d.visitor),
      h("div", { class: "conv-title" }, h("h2", { class: "clamp" }, visitorName(d.visitor)), h("small", { class: "muted" }, h("span", { class: "clamp" }, d.visitor?.email ?? "No email given"), d.visitor?.verified ? badge("Verified", "ok") : null)),
      d.status === "snoozed" ? null : badge(d.status === "open" ? "Open" : "Closed", d.status === "open" ? "ok" : "neutral"),
      handlerControls(d, () => (refresh(), opts.onChanged())),
      // note: on a phone the visitor panel sits below the thread; this button (shown there only) brings it up.
      h("button", { class: "btn btn-ghost btn-sm details-toggle", type: "button", onClick: () => side.scrollIntoView({ block: "start" }) }, "Details"),
      toggle,
    );
    mount(tools, h("span", { class: "muted" }, "Assignee"), assignControl(d, () => (refresh(), opts.onChanged())), snoozeControl(d, () => (refresh(), opts.onChanged())));
  }

  function drawThread(d: Detail) {
    mount(thread, d.hasOlder ? moreItem : null, d.messages.length ? d.messages.map((m) => bubble(m, opened)) : h("li", { class: "muted empty-list" }, "No messages yet."));
  }

  function render(d: Detail) {
    const nearBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 80;
    renderHead(d);
    drawThread(d);
    if (d.messages.at(-1)?.author.kind === "customer" && d.messages.at(-1)?.id !== detail?.messages.at(-1)?.id) typing.hide();
    mount(side, detailsPanel(d, () => (refresh(), opts.onChanged())));
    if (nearBottom || !detail) thread.scrollTop = thread.scrollHeight;
  }

  async function load() {
    const seq = asked;
    try {
      const d = withEarlier(await admin.conversation(id));
      if (seq !== asked) return;
      render(d);
      detail = d;
      void markSeen(d);
      opts.onLoaded?.(d);
    } catch (e) {
      if (seq !== asked) return;
      // note: a failed refresh keeps what is shown, and the reply being typed.
      if (detail) return toast(errorText(e), "error");
      const missing = e instanceof ApiError && (e.status === 404 || e.status === 403);
      mount(el, h("div", { class: "empty" }, h("h2", null, missing ? "Conversation not found" : "Could not load the conversation"), h("p", { class: "muted" }, missing ? "It does not exist, or it belongs to a workspace you are not a member of." : errorText(e)), h("a", { href: "/admin/inbox", "data-link": true, class: "btn btn-secondary" }, "Back to the inbox")));
    }
  }

  // note: a refresh reads the newest page; the earlier pages shown stay above it while the two meet. After more
  // than a page of new messages they no longer do, and only the newest page is kept (its cursor leads back).
  function withEarlier(d: Detail): Detail {
    const at = detail && d.messages.length ? detail.messages.findIndex((m) => m.id === d.messages[0]!.id) : -1;
    if (at <= 0) return d;
    return { ...d, messages: [...detail!.messages.slice(0, at), ...d.messages], olderCursor: detail!.olderCursor, hasOlder: detail!.hasOlder };
  }

  // note: the page before the oldest shown goes above it, and the messages on screen stay where they were.
  let fetchingEarlier = false;
  async function showEarlier() {
    const cursor = detail?.olderCursor;
    if (!cursor || fetchingEarlier) return;
    // note: the button stays enabled while the page loads (a disabled button loses its focus); the flag refuses a second load.
    fetchingEarlier = true;
    try {
      const page = await admin.conversation(id, cursor);
      // note: a refresh meanwhile may have kept only the newest page, which this one no longer joins.
      if (!detail || detail.olderCursor !== cursor) return;
      const focused = document.activeElement === more;
      const fromBottom = thread.scrollHeight - thread.scrollTop;
      detail = { ...detail, messages: [...page.messages, ...detail.messages], olderCursor: page.olderCursor, hasOlder: page.hasOlder };
      drawThread(detail);
      thread.scrollTop = thread.scrollHeight - fromBottom;
      if (focused) (detail.hasOlder ? more : thread).focus({ preventScroll: true });
    } catch (e) {
      toast(errorText(e), "error");
    } finally {
      fetchingEarlier = false;
    }
  }

  // note: what is on screen counts as seen; the inbox then drops its unread count.
  let seenUpTo = "";
  async function markSeen(d: Detail) {
    const last = d.messages.at(-1)?.id;
    if (!last || last === seenUpTo) return;
    seenUpTo = last;
    await admin.seen(id, last).then(() => (opts.onChanged(), recount()), () => (seenUpTo = ""));
  }

  function refresh() {
    asked++;
    if (loading) return void (again = true);
    loading = load().finally(() => {
      loading = null;
      if (again) {
        again = false;
        refresh();
      }
    });
  }

  async function setStatus(action: "close" | "reopen") {
    try {
      await admin.setStatus(id, action);
      toast(action === "close" ? "Conversation closed" : "Conversation reopened");
      refresh();
      opts.onChanged();
    } catch (e) {
      toast(errorText(e), "error");
    }
  }

  // note: Ctrl+Enter submits past the disabled Send button, so the handler itself refuses a second reply in flight.
  let sending = false;
  composer.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (sending) return;
    const body = text.value.trim();
    if (!body && !files.count()) return text.focus();
    sending = send.disabled = true;
    try {
      const sent = await files.upload();
      await admin.send(id, body, note, sent.map((w) => w.id!));
      // note: what was typed or attached while the reply went out stays for the next one.
      if (text.value.trim() === body) text.value = "";
      files.clear(sent);
      refresh();
      opts.onChanged();
    } catch (err) {
      toast(errorText(err), "error");
    } finally {
      sending = send.disabled = false;
      text.focus();
    }
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      composer.requestSubmit();
    } else if (e.key === "Escape") text.blur();
  });

  setMode(false);
  refresh();
  return {
    el,
    refresh,
    visitorTyping: typing.show,
    focus(isNote) {
      setMode(isNote);
      text.focus();
    },
    // note: bumping asked makes a load still in flight drop its answer: no drawing, no seen mark for a pane nobody sees.
    dispose() {
      again = false;
      asked++;
    },
  };
}
