// One inbox stream per tab and workspace, shared by the inbox page and the alerts.
// note: a browser opens at most 6 HTTP/1.1 connections to one server; one stream per tab leaves room for more tabs.
import { admin } from "./admin";

/** Listener is one subscriber: each event by name, the stream (re)opened, the stream down. */
export interface Listener {
  event?(name: "message" | "conversation" | "typing", data: any): void;
  /** open runs once the stream is up; again is true on a reconnect (what happened meanwhile is to be read again). */
  open?(again: boolean): void;
  down?(): void;
}

interface Feed {
  source: EventSource;
  subs: Map<Listener, { opened: boolean }>;
  retry?: ReturnType<typeof setTimeout>;
  wait: number;
}
const feeds = new Map<string, Feed>();
/** RETRY_MS is the first wait before a stream the browser gave up on is opened again; it doubles up to MAX_RETRY_MS. */
const RETRY_MS = 2000;
const MAX_RETRY_MS = 30_000;

function feed(workspace: string, subs: Feed["subs"] = new Map(), wait = RETRY_MS): Feed {
  const found = feeds.get(workspace);
  if (found) return found;
  const f: Feed = { source: new EventSource(admin.streamUrl(workspace)), subs, wait };
  for (const name of ["message", "conversation", "typing"] as const) {
    f.source.addEventListener(name, (e) => {
      let data: any;
      try {
        data = JSON.parse((e as MessageEvent).data);
      } catch {
        return;
      }
      for (const l of [...f.subs.keys()]) l.event?.(name, data);
    });
  }
  f.source.onopen = () => {
    f.wait = RETRY_MS;
    for (const [l, s] of [...f.subs]) l.open?.(s.opened), (s.opened = true);
  };
  f.source.onerror = () => {
    for (const l of [...f.subs.keys()]) l.down?.();
    // note: after a non-200 answer to a reconnect (a 502 during a restart) EventSource stops for good; open a new one later,
    // for the same subscribers, each marked as opened so it reads again what it missed.
    if (f.source.readyState !== EventSource.CLOSED || f.retry) return;
    f.retry = setTimeout(() => {
      if (feeds.get(workspace) !== f) return;
      feeds.delete(workspace);
      for (const s of f.subs.values()) s.opened = true;
      feed(workspace, f.subs, Math.min(f.wait * 2, MAX_RETRY_MS));
    }, f.wait);
  };
  feeds.set(workspace, f);
  return f;
}

/** listen subscribes to workspace's inbox stream (opening it if needed); the answer unsubscribes, and the last one out closes it. */
export function listen(workspace: string, listener: Listener): () => void {
  const f = feed(workspace);
  const s = { opened: f.source.readyState === EventSource.OPEN };
  f.subs.set(listener, s);
  if (s.opened) queueMicrotask(() => listener.open?.(false));
  return () => {
    f.subs.delete(listener);
    // note: a stream opened again keeps the same subscribers' map, so it is the one this listener is in.
    const now = feeds.get(workspace);
    if (f.subs.size || now?.subs !== f.subs) return;
    clearTimeout(now.retry);
    now.source.close();
    feeds.delete(workspace);
  };
}
