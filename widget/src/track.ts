// Engagement events, batched and beaconed on page hide, and presence heartbeats (active, idle, hidden, offline).
import { beacon, post, token } from "./api";
import type { EventType } from "./types";

let queue: object[] = [];
let timer: ReturnType<typeof setTimeout> | 0 = 0;
let lastInput = Date.now();
let sent = "";

/** page tells where the visitor is, within the server's length limit. */
export const page = () => ({ url: location.href.slice(0, 2048) });

/** flush sends queued events in batches of 50; on page hide they go as a beacon, which survives unload. */
export function flush(asBeacon?: boolean) {
  clearTimeout(timer);
  timer = 0;
  while (token && queue.length) {
    const events = { events: queue.splice(0, 50) };
    asBeacon ? beacon("events", events) : post("events", events);
  }
}

/** track queues one event; queued events wait for the visitor's token. */
export function track(type: EventType, conversationId?: string, props?: Record<string, string | number | boolean | null>) {
  queue.push({ type, at: new Date().toISOString(), conversationId, page: page(), props });
  timer ||= setTimeout(flush, 2e3);
}

/** beat reports presence when it changed, or always when forced by the periodic heartbeat. */
export function beat(force?: boolean) {
  const state = document.hidden ? "hidden" : Date.now() - lastInput > 6e4 ? "idle" : "active";
  // note: after pagehide said offline, the unload's own visibilitychange must not say hidden again.
  // note: after a shutdown there is no visitor to report until the next session.
  if ((state == sent && !force) || (sent == "offline" && document.hidden) || !token) return;
  sent = state;
  (state == "hidden" ? beacon : post)("presence", { state, page: page() });
}

/** watchPage wires the page's activity, visibility and unload signals, once the session is up. */
export function watchPage() {
  for (const type of ["pointerdown", "pointermove", "keydown", "scroll"]) {
    addEventListener(type, () => ((lastInput = Date.now()), sent == "idle" && beat()), { passive: true, capture: true });
  }
  document.addEventListener("visibilitychange", () => (document.hidden && flush(true), beat()));
  addEventListener("pagehide", () => (flush(true), beacon("presence", { state: (sent = "offline") })));
  setInterval(beat, 3e4, true);
  beat(true);
  flush();
}
