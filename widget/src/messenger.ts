// The messenger (widget-messenger.js): the UI, loaded lazily by the loader and mounted on its runtime.
import type { Runtime } from "./types";
import { authorName } from "./ui/dom";
import { homeView, visibleForms } from "./ui/home";
import { createShell, type Nav, type View } from "./ui/shell";
import { createSync } from "./ui/sync";
import { threadView } from "./ui/thread";
import { ticketView } from "./ui/ticket";
import { language, t } from "./ui/i18n";

const w = window as unknown as { __woes?: Runtime & { mounted?: 1 } };
// note: the language tables sit beside this script on the server that served it.
const base = (document.currentScript as HTMLScriptElement | null)?.src || location.href;

/** speak loads the language of the session (the workspace's, else the browser's as the session saw it). */
const speak = (rt: Runtime) => language(rt.s.session?.settings.locale || navigator.language, base);

/** mount builds the messenger on the loader's runtime and renders from its state from then on. */
function mount(rt: Runtime) {
  const s = rt.s;
  const sync = createSync(rt);
  const shell = createShell(rt, () => nav.home());
  const loading: View = { el: document.createElement("p"), kind: "home", focus() {} };
  loading.el.textContent = t("Connecting…");
  loading.el.className = "scroll status";
  let returnTo: HTMLElement | null = null;

  const nav: Nav = {
    rt,
    sync,
    shell,
    home: () => ((s.watch = null), shell.show(homeView(nav), true)),
    thread: (id, draft) => ((s.watch = id), shell.show(threadView(nav, id, draft), true)),
    form: (key) => {
      const form = s.session?.settings.ticketForms.find((f) => f.key == key);
      if (form) shell.show(ticketView(nav, form), true);
      else rt.warn(`showTicketForm: no ticket form ${key}`), nav.home();
    },
  };

  /** land picks the view to show: an intent (draft, form) first, else the current view, else the ongoing
   *  chat (so a reload continues it), else home, else a new conversation. */
  function land() {
    if (!s.session) return shell.show(loading, false);
    const intent = s.intent;
    s.intent = null;
    if (intent?.form != null) return nav.form(intent.form);
    if (intent?.draft != null) return nav.thread(null, intent.draft);
    if (shell.view != loading) return shell.view!.focus();
    const recent = [...s.session.conversations].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    if (recent?.status == "open" && recent.kind == "chat") return nav.thread(recent.id);
    recent || visibleForms(s).length ? nav.home() : nav.thread(null);
  }

  /** opened shows or hides the panel and moves focus into it, or back where it came from. */
  function opened() {
    shell.panel.hidden = !s.open;
    if (s.open) {
      const active = document.activeElement as HTMLElement | null;
      if (active && active != document.body && !shell.root.host.contains(active)) returnTo = active;
      land();
      shell.view?.update?.("open");
    } else if (shell.root.activeElement) {
      // note: focus goes back only if it was in the widget; a hide() called by the page must not steal it.
      (s.bubble ? shell.launcher : returnTo)?.focus();
    }
  }

  /** sessionChanged re-renders for a new session; identify may have switched the visitor, so history reloads. */
  function sessionChanged() {
    sync.reset();
    shell.header();
    const v = shell.view;
    if (v == loading) return s.open && land();
    // note: a new conversation being written stays as it is; an open one is reloaded, keeping the text typed.
    if (v?.kind == "thread" && !v.id) return;
    if (v?.kind == "thread" && s.session!.conversations.some((c) => c.id == v.id)) nav.thread(v.id!, v.draft?.());
    else if (v?.kind != "form") nav.home();
  }

  rt.on((what, data) => {
    if (what == "open") opened();
    if (what == "session") speak(rt).then(sessionChanged);
    // note: a shutdown forgets the visitor: nothing of their conversations stays on screen.
    if (what == "shutdown") sync.reset(), shell.show(loading, false), (returnTo = null);
    if (what == "intent" && s.open) land();
    if (what == "reconnect") sync.catchUp();
    if (what == "fallback") sync.poll();
    if (what == "conversation" && data.survey !== undefined) s.session!.settings.survey = data.survey;
    if (what == "message" || what == "conversation" || what == "forms" || what == "typing" || what == "message_delta") shell.view?.update?.(what, data);
    const m = data?.message;
    if (what == "message") sync.seen(m);
    if (what == "message" && m.author.kind != "customer") shell.announce(t("New message from {name}: {body}", { name: authorName(m, s), body: m.body }));
    // note: a conversation an operator starts replaces an empty new-conversation view, so it shows at once.
    const v = shell.view;
    if (what == "message" && m.author.kind != "customer" && v?.kind == "thread" && !v.id && !v.draft?.()) nav.thread(m.conversationId);
  });

  document.addEventListener("visibilitychange", () => shell.view?.update?.("visible"));
  shell.show(loading, false);
  if (s.session) sessionChanged();
  if (s.poll) sync.poll();
  if (s.open) opened();
}

function failed(e: unknown) {
  console.warn("[Woes] the messenger could not start", e);
}

try {
  const rt = w.__woes;
  if (rt && !rt.mounted) (rt.mounted = 1), speak(rt).then(() => mount(rt)).catch(failed);
} catch (e) {
  failed(e);
}
