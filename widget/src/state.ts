// The runtime: the state the commands set and the messenger renders, its change feed, and the channel that
// keeps a visitor's tabs in step (live events relayed by the streaming tab, unread counts, shutdown).
import { call, headers, url } from "./api";
import { track } from "./track";
import type { Callback, Change, Conversation, Runtime, State } from "./types";

type Listener = (what: Change, data?: any) => void;

const warned = new Set<string>();
const listeners: Listener[] = [];
let channel: BroadcastChannel | null = null;

/** warn tells the integrator once per distinct problem, because a console flooded by a loop helps no one. */
export function warn(message: string, error?: unknown) {
  // note: the error is handed to the console as is; turning it into a string could itself throw.
  if (!warned.has(message)) warned.add(message), console.warn("[Woes] " + message, error ?? "");
}

/** safely runs a callback (the integrator's, or the messenger's renderer), so a throw never reaches the page. */
export function safely(callback?: Callback | null, ...args: unknown[]) {
  try {
    callback?.(...args);
  } catch (e) {
    warn("a callback threw", e);
  }
}

/** s is the one state object; the messenger reads it, commands and the live feed write it. */
export const s: State = { bubble: true, unread: -1, fields: {}, ticketFields: {} };

/** emit tells the listeners (the launcher, then the messenger once loaded) what changed. */
export const emit = (what: Change, data?: any) => listeners.forEach((l) => safely(l, what, data));

/** set changes one part of the state and tells the listeners (each such part names its own change). */
export const set = <K extends keyof State & Change>(key: K, value: State[K]) => ((s[key] = value), emit(key));

/** on adds a listener of state changes. */
export const on = (listener: Listener) => void listeners.push(listener);

/** open shows or hides the messenger, reporting the event and running onShow or onHide. */
export function open(next: boolean) {
  if (next == s.open) return;
  set("open", next);
  track(next ? "widget_open" : "widget_close", s.watch || undefined);
  safely(next ? s.onShow : s.onHide);
}

/** unread records a new unread total, tells the other tabs and the integrator's callback. */
export function unread(count: number, fromOtherTab?: boolean) {
  if (count == s.unread || count < 0) return;
  fromOtherTab || share("unread", { unreadCount: count });
  set("unread", count);
  safely(s.onUnread, count);
}

/** upsert puts a changed conversation in the session's list (new ones first). */
export function upsert(conversation: Conversation) {
  const list = s.session?.conversations;
  const i = list ? list.findIndex((c) => c.id == conversation.id) : 0;
  // note: a status event carries no last message; the one known already stays.
  list?.splice(Math.max(i, 0), i < 0 ? 0 : 1, i < 0 ? conversation : { ...list[i], ...conversation });
}

/** share tells this visitor's other tabs about an event. */
export const share = (type: string, data?: unknown) => channel?.postMessage([type, data]);

/** feed applies a live event: from this tab's stream (and then relayed to the visitor's other tabs), or relayed. */
export function feed(type: string, data?: any, relayed?: boolean) {
  if (type == "unread") return unread(data.unreadCount, relayed);
  // note: without Web Locks every tab streams on its own, so there is nothing to relay.
  relayed || !navigator.locks || share(type, data);
  // note: every ready (a first connect too, or another tab taking over the stream) ends polling and catches up.
  if (type == "ready") (s.poll = false), (type = "reconnect");
  if (type == "fallback") s.poll = true;
  // note: message, conversation, typing and message_delta go to the messenger; the first two update the list.
  if (data?.conversation) upsert(data.conversation);
  emit(type as Change, data);
}

/** tabs joins this visitor's other tabs (or, without an id, leaves them); a shutdown in one ends them all. */
export function tabs(visitorId?: string, shutdown?: (fromOtherTab: true) => void) {
  channel?.close();
  channel = visitorId && window.BroadcastChannel ? new BroadcastChannel("woes:" + visitorId) : null;
  if (channel) channel.onmessage = (e) => (e.data[0] == "shutdown" ? shutdown!(true) : feed(e.data[0], e.data[1], true));
}

/** rt is the hook the messenger mounts on (through window.__woes); ui is set by the launcher. */
export const rt = { s, on, emit, call, track, open, unread, warn, upsert, headers, url } as Runtime;
