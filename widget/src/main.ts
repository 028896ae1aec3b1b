// The loader (widget.js): reads its script tag, drains Woes.q, installs the dispatcher, boots the session,
// draws the launcher, and loads the messenger UI on intent (pointing at or pressing the launcher, show), or
// at idle time for a visitor who already has conversations.
import { adopt, call, configure, saveToken, token } from "./api";
import { createCommands, type Identity } from "./commands";
import { drawLauncher } from "./launcher";
import { restartLive, stopLive } from "./live";
import { emit, on, open, rt, s, set, share, tabs, unread, warn } from "./state";
import { beat, flush, page, watchPage } from "./track";
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

  // note: a mailed link lands here with #woes_resume=<token>: the session brings that conversation's visitor to this browser.
  let resume = /woes_resume=(\w{32})/.exec(location.hash)?.[1];
  let chain = Promise.resolve();
  let down = 0;
  let watching = 0;
  // note: the identity the visitor's session was started with (the page's latest identify the server took).
  let known: Identity | undefined;
  /** boot starts or resumes the visitor, applying an identity when given, or again the known one (a restart after a 401);
   *  a refused identity keeps the visitor, unless its token is dead (then a new anonymous visitor takes over). */
  const boot = (identity?: Identity, again?: 1) => {
    down = 0;
    const step = async () => {
      let session: Session;
      if (again) identity = known;
      try {
        session = await call<Session>("session", { identity, page: { ...page(), title: document.title.slice(0, 512), referrer: document.referrer.slice(0, 2048) }, locale: navigator.language, resume }, 1e9);
      } catch (e: any) {
        warn("session refused: " + e.code, e);
        // note: a refused identity must not leave the visitor without a widget (none yet, or a dead token); a refused
        // key (revoked, origin not allowed) leaves nothing to show.
        identity && (again || !s.session) ? boot() : s.session || set("bubble", false);
        return;
      }
      known = identity;
      await saveToken(session.visitor.token);
      watching++ ? beat(true) : watchPage();
      tabs(session.visitor.id, end);
      set("session", session);
      unread(session.unreadCount);
      restartLive();
      if (resume) history.replaceState(history.state, "", location.href.split("#")[0]), (resume = undefined), open(true);
      if (session.conversations.length) (window.requestIdleCallback || setTimeout)(load);
    };
    // note: a new browser's tabs opened at once would each start a visitor: without a token (or with a dead one, after
    // a 401 every tab meets in turn), one tab at a time starts its session, and a tab that waited takes the token the
    // first one stored (see adopt; without Web Locks, each on its own).
    chain = chain.then(() => ((again || !token) && navigator.locks ? navigator.locks.request<void>("woes:" + publicKey, async () => (await adopt(), step())) : step())).catch((e) => warn("boot failed", e));
  };

  /** end forgets the visitor (shutdown): token, stream, tabs, state and UI; the next show or identify starts a new one. */
  const end = (fromOtherTab?: boolean) => {
    down = 1;
    chain = chain.then(() => {
      fromOtherTab || share("shutdown");
      stopLive();
      tabs();
      open(false);
      unread(0);
      // note: what was queued for the visitor leaves with their token, before it is forgotten.
      flush();
      saveToken(null);
      Object.assign(s, { session: undefined, unread: -1, fields: {}, ticketFields: {}, intent: null, watch: null, poll: false });
      emit("shutdown");
    });
  };

  /** intent (a command that opens the messenger) loads it, first starting a new visitor after a shutdown. */
  const intent = () => (down && boot(), load());
  // note: the launcher only shows for a visitor, so pointing at it just loads the messenger.
  drawLauncher(load);
  // note: when streaming does not work from here, the messenger long-polls instead.
  on((what) => what == "fallback" && load());
  // note: the stream answered 401: a new session (a fresh visitor for a dead token, the same identified contact as
  // before; nothing more for a revoked key), unless the visitor was shut down (another tab's shutdown clears the
  // token under a stream this tab then opens).
  on((what) => what == "expired" && !down && boot(undefined, 1));
  let first: Identity | undefined;
  let draining = true;
  const Woes: Woes = createCommands(intent, (identity) => (draining ? (first = identity) : boot(identity)), end);
  Woes.loaded = 1;
  for (const args of w.Woes?.q || []) Woes(...Array.from(args));
  w.Woes = Woes;
  draining = false;
  // note: a shutdown queued before load (a sign-out page) leaves the page without a visitor until show or identify.
  if (first || !down) boot(first);
  // note: back from offline (or a sleeping laptop, or the back-forward cache), reconnect now rather than
  // after the backoff; a page going away gives up the stream and its lock at once, so another tab takes over.
  addEventListener("online", () => s.session && restartLive());
  addEventListener("pageshow", (e: PageTransitionEvent) => e.persisted && s.session && restartLive());
  addEventListener("pagehide", stopLive);
}

try {
  start();
} catch (e) {
  warn("could not start", e);
}
