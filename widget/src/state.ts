// The runtime: the state the commands set and the messenger renders, its change feed, and cross-tab unread.
import { call } from "./api";
import { track } from "./track";
import type { Callback, Change, Conversation, Runtime, State } from "./types";

const warned = new Set<string>();
let listener: ((what: Change, data?: any) => void) | undefined;
let channel: BroadcastChannel | null = null;

/** warn tells the integrator once per distinct problem, because a console flooded by a loop helps no one. */
export function warn(message: string, error?: unknown) {
  // note: the error is handed to the console as is; turning it into a string could itself throw.
  if (!warned.has(message)) warned.add(message), console.warn("[Woes] " + message, error ?? "");
}

/** safely runs a callback (the integrator's, or the messenger's renderer), so a throw never reaches the page. */
export function safely(callback?: Callback | null, ...args: unknown[]) {
  try {
    callback && callback(...args);
  } catch (e) {
    warn("a callback threw", e);
  }
}

/** s is the one state object; the messenger reads it, commands and the live feed write it. */
export const s: State = { bubble: true, unread: -1, fields: {}, ticketFields: {} };

/** emit tells the messenger (the one listener) what changed. */
export const emit = (what: Change, data?: any) => safely(listener, what, data);

/** open shows or hides the messenger, reporting the event and running onShow or onHide. */
export function open(next: boolean) {
  if (next == s.open) return;
  s.open = next;
  emit("open");
  track(next ? "widget_open" : "widget_close", s.watch || undefined);
  safely(next ? s.onShow : s.onHide);
}

/** unread records a new unread total, tells the other tabs and the integrator's callback. */
export function unread(count: number, fromOtherTab?: boolean) {
  if (count == s.unread || count < 0) return;
  s.unread = count;
  fromOtherTab || channel?.postMessage(count);
  emit("unread");
  safely(s.onUnread, count);
}

/** upsert puts a changed conversation in the session's list (new ones first). */
export function upsert(conversation: Conversation) {
  const list = s.session?.conversations;
  const i = list ? list.findIndex((c) => c.id == conversation.id) : 0;
  // note: a status event carries no last message; the one known already stays.
  list?.splice(Math.max(i, 0), i < 0 ? 0 : 1, i < 0 ? conversation : { ...list[i], ...conversation });
}

/** tabs joins this visitor's other tabs, so a read in one clears the badge in all at once. */
export function tabs(visitorId: string) {
  channel?.close();
  channel = window.BroadcastChannel ? new BroadcastChannel("woes:" + visitorId) : null;
  if (channel) channel.onmessage = (e) => unread(e.data, true);
}

/** rt is the hook the messenger mounts on (through window.__woes). */
export const rt: Runtime = { s, on: (l) => void (listener = l), emit, call, track, open, unread, warn, upsert };
