// Alerts: the unread count in the tab title and on the favicon (the server's count of the workspace's unread open
// conversations), and a browser notification (with an optional beep) for a new conversation, a new customer message,
// or a conversation waiting for a person (told by comparing the newest 100 open conversations with the last read).
import { admin, type InboxItem } from "./admin";
import { get, qs } from "./api";
import { listen } from "./live";
import { navigate, state } from "./state";

/** AlertPrefs are the operator's alert choices, saved with the account (GET/PATCH /api/console/me/alerts). */
export interface AlertPrefs {
  notifications: boolean;
  newConversation: boolean;
  newMessage: boolean;
  waiting: boolean;
  sound: boolean;
  badge: boolean;
}
type Kind = "newConversation" | "newMessage" | "waiting";

let prefs: AlertPrefs = { notifications: false, newConversation: true, newMessage: true, waiting: true, sound: false, badge: true };
let watching = "";
let unlisten: (() => void) | null = null;
let known: Map<string, { unread: number; waiting: boolean }> | null = null;
let count = 0;
let more = false;
let base = "Woes console";
let timer: ReturnType<typeof setTimeout> | undefined;
let audio: AudioContext | null = null;
// note: a workspace switch (A, B, back to A) while the choices load must not leave two subscriptions; each watch has its number.
let generation = 0;
// note: inbox reads overlap; an answer older than one already applied is dropped, so it neither rolls back nor alerts twice.
let reads = 0;
let applied = 0;
const plainIcon = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? "data:,";

/** shownHere is the id of the conversation on screen in this tab, if any (it is marked seen as it shows). */
function shownHere(): string | undefined {
  const m = /^\/admin\/inbox\/([^/]+)$/.exec(location.pathname);
  try {
    return m ? decodeURIComponent(m[1]!) : undefined;
  } catch {
    return undefined;
  }
}
/** openHere: the conversation is on screen in this tab. */
const openHere = (id: string) => shownHere() === id;
/** lookingAt: the operator is looking at the conversation right now, in a focused, visible tab. */
const lookingAt = (id: string) => openHere(id) && document.visibilityState === "visible" && document.hasFocus();

/** pageTitle names the page in the tab title ("Inbox · Woes"), behind the unread count. */
export function pageTitle(name: string) {
  base = `${name} · Woes`;
  paint();
}

/** alertPrefs answers the choices in use. */
export const alertPrefs = () => prefs;

/** useAlertPrefs applies choices just saved. */
export function useAlertPrefs(next: AlertPrefs) {
  prefs = next;
  paint();
}

/** watchAlerts follows the chosen workspace's inbox for the signed-in operator (again after a workspace switch). */
export async function watchAlerts() {
  if (!state.me) return stopAlerts();
  if (watching === state.workspaceId) return;
  stopAlerts();
  const mine = ++generation;
  const workspace = (watching = state.workspaceId);
  prefs = await get<{ alerts: AlertPrefs }>("/api/console/me/alerts").then((r) => r.alerts, () => prefs);
  if (mine !== generation || watching !== workspace) return;
  unlisten = listen(workspace, {
    event(name, data) {
      if (name === "message") onScreen(data);
      if (name !== "typing") recount();
    },
    open: recount,
  });
}

/** stopAlerts forgets the inbox (signed out) and clears the count. */
export function stopAlerts() {
  generation++;
  unlisten?.();
  unlisten = null;
  watching = "";
  known = null;
  count = 0;
  more = false;
  if (!state.me) base = "Woes console";
  paint();
}

/** recount reads the inbox again soon (after a stream event, or a conversation marked seen). */
export function recount() {
  clearTimeout(timer);
  timer = setTimeout(() => void read(), 150);
}

async function read() {
  const workspace = watching;
  if (!workspace) return;
  const n = ++reads;
  const here = shownHere();
  let items: InboxItem[];
  let total: { unread: number; more: boolean };
  try {
    // note: the list tells what changed (its newest 100 hold every conversation a change moved up); the count is the
    // server's over all the workspace's open conversations, the one on screen here left out.
    [items, total] = await Promise.all([admin.inbox(workspace, "open", { limit: 100 }).then((r) => r.conversations), get<{ unread: number; more: boolean }>(`/api/console/me/unread${qs({ workspace, except: here })}`)]);
  } catch {
    return;
  }
  if (workspace !== watching || n < applied) return;
  applied = n;
  const before = known;
  known = new Map(items.map((c) => [c.id, { unread: c.unreadCount ?? 0, waiting: Boolean(c.waitingForTeam) }]));
  ({ unread: count, more } = total);
  paint();
  // note: the first read is what was there before this tab came; only what changes after it alerts.
  if (!before) return;
  for (const c of items) {
    const kind = openHere(c.id) ? null : change(c, before.get(c.id));
    if (kind) alert(c.id, kind, c.visitor?.name || c.visitor?.email, c.lastMessage?.body);
  }
}

// note: the conversation on screen here is marked seen as it shows, so its unread count never grows; its
// customer messages alert from the stream, unless the operator is looking at it in a focused tab.
function onScreen(data: any) {
  const id = data?.conversationId;
  const m = data?.message;
  if (typeof id !== "string" || m?.author?.kind !== "customer" || m.internal || !openHere(id) || lookingAt(id) || !prefs.newMessage) return;
  alert(id, "newMessage", m.author.name, m.body);
}

// note: a conversation new to the list is new when its first activity is its creation; otherwise it was reopened.
// One change can be several kinds (waiting, with a new message); the first kind the operator chose is the alert.
function change(c: InboxItem, was: { unread: number; waiting: boolean } | undefined): Kind | null {
  const unread = c.unreadCount ?? 0;
  const kinds: Kind[] = [];
  if (c.waitingForTeam && !was?.waiting) kinds.push("waiting");
  if (!was && unread > 0 && Date.parse(c.updatedAt) - Date.parse(c.createdAt) < 60_000) kinds.push("newConversation");
  if (unread > (was?.unread ?? 0)) kinds.push("newMessage");
  return kinds.find((k) => prefs[k]) ?? null;
}

function alert(id: string, kind: Kind, name: string | null | undefined, text: string | null | undefined) {
  const who = name || "A visitor";
  const title = kind === "waiting" ? `${who} is waiting for a person` : kind === "newConversation" ? `New conversation from ${who}` : `New message from ${who}`;
  const body = (text ?? "").slice(0, 160);
  if (prefs.sound) beep();
  if (!prefs.notifications || typeof Notification === "undefined" || Notification.permission !== "granted") return;
  try {
    // note: the tag makes another tab's notice of the same change replace this one, not stack beside it.
    const n = new Notification(title, { body, tag: `${id}:${kind}` });
    n.onclick = () => {
      window.focus();
      navigate(`/admin/inbox/${encodeURIComponent(id)}`);
      n.close();
    };
  } catch {
    // note: some browsers (Android Chrome) allow notifications only from a service worker; the badge still shows.
  }
}

/** beep plays a short soft tone with WebAudio: no sound file to ship. */
export function beep() {
  try {
    audio ??= new AudioContext();
    // note: a context made before any click on the page starts suspended; a later beep (after one) wakes it.
    if (audio.state === "suspended") void audio.resume().catch(() => undefined);
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.12, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.3);
  } catch {
    // note: without WebAudio, or before any click on the page, the alert stays silent.
  }
}

function paint() {
  const shown = prefs.badge ? count : 0;
  document.title = shown ? `(${shown}${more ? "+" : ""}) ${base}` : base;
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) document.head.append((link = Object.assign(document.createElement("link"), { rel: "icon" })));
  link.href = shown ? badgeIcon(shown) : plainIcon;
}

/** badgeIcon draws the count on a red dot as an SVG favicon. */
function badgeIcon(n: number) {
  const text = n > 99 ? "99+" : String(n);
  const size = text.length > 2 ? 13 : 18;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="#dc2626"/><text x="16" y="${16 + size * 0.36}" font-family="Arial,sans-serif" font-size="${size}" font-weight="700" fill="#fff" text-anchor="middle">${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
