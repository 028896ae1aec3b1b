// The loader (widget.js): reads its script tag, drains Woes.q, installs the dispatcher, boots the session,
// and loads the messenger UI only when it is needed (idle time, or a command that opens it).
import { call, configure, saveToken } from "./api";
import { createCommands, type Identity } from "./commands";
import { restartLive } from "./live";
import { emit, rt, s, tabs, unread, warn } from "./state";
import { beat, page, watchPage } from "./track";
import type { Runtime, Session } from "./types";

type Woes = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; loaded?: 1 };
const w = window as unknown as { Woes?: Woes; __woes?: Runtime };

/** start boots one widget; wrapped so nothing it does can throw into the host page. */
function start() {
  if (w.Woes?.loaded) return; // note: a snippet pasted twice must not boot two widgets.
  const script = (document.currentScript || document.querySelector("script[data-public-key]")) as HTMLScriptElement;
  const { publicKey, api } = script.dataset;
  if (!publicKey || !api) return warn("data-public-key and data-api are required");
  configure(api, publicKey);
  w.__woes = rt;

  let loading = 0;
  /** load injects the messenger script once; a failed load is retried a few seconds later (or on the next show). */
  const load = () => {
    if (loading++) return;
    const el = document.createElement("script");
    // note: an inlined loader has no src; the server that answers the API also serves the messenger.
    el.src = new URL("widget-messenger.js", script.src || new URL("/", api)).href;
    el.nonce = script.nonce;
    el.onerror = () => (el.remove(), (loading = 0), setTimeout(load, 5e3));
    document.head.append(el);
  };

  let chain = Promise.resolve();
  /** boot starts or resumes the visitor, applying an identity when given; a refused identity keeps the visitor. */
  const boot = (identity?: Identity) =>
    (chain = chain.then(async () => {
      let session: Session;
      try {
        session = await call<Session>("session", { identity, page: { ...page(), title: document.title.slice(0, 512), referrer: document.referrer.slice(0, 2048) }, locale: navigator.language }, 1e9);
      } catch (e: any) {
        warn("session refused: " + e.code, e);
        // note: a refused identity must not leave the visitor without a widget; a refused key
        // (revoked, origin not allowed) leaves nothing to show.
        identity && !s.session ? boot() : s.session || ((s.bubble = false), emit("bubble"));
        return;
      }
      saveToken(session.visitor.token);
      s.session ? beat(true) : watchPage();
      s.session = session;
      tabs(session.visitor.id);
      emit("session");
      unread(session.unreadCount);
      restartLive();
    }).catch((e) => warn("boot failed", e)));

  let first: Identity | undefined;
  let draining = true;
  const Woes: Woes = createCommands(load, (identity) => (draining ? (first = identity) : boot(identity)));
  Woes.loaded = 1;
  for (const args of w.Woes?.q || []) Woes(...Array.from(args));
  w.Woes = Woes;
  draining = false;
  boot(first);
  // note: back from offline (or a sleeping laptop), reconnect now rather than after the backoff.
  addEventListener("online", () => s.session && restartLive());
  if (s.bubble) (window.requestIdleCallback || setTimeout)(load);
}

try {
  start();
} catch (e) {
  warn("could not start", e);
}
