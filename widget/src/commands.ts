// The command table of widget-api.txt: one row per command, its payload check, and what it does.
import { open, s, safely, set, warn } from "./state";
import { track } from "./track";
import type { Fields, Intent } from "./types";

const IDENTITY = ["email", "name", "company", "id", "email_hash", "jwt"] as const;

/** Identity is the identify payload: unsigned attributes, an HMAC email proof, or a JWT. */
export type Identity = Partial<Record<(typeof IDENTITY)[number], string>>;

type Check = (payload: any) => boolean;

const none: Check = () => true;
const callback: Check = (p) => p === null || typeof p == "function";
const text: Check = (p) => typeof p == "string";
const scalar = (v: unknown) => v === null || /^[sn]|^boo/.test(typeof v);
const object: Check = (p) => !!p && typeof p == "object" && !Array.isArray(p);
const flat: Check = (p) => object(p) && Object.values(p).every(scalar);
// note: keys other than the identity's own are ignored, not refused.
const identity: Check = (p) => object(p) && IDENTITY.some((k) => p[k] != null) && IDENTITY.every((k) => p[k] === undefined || scalar(p[k]));
const theme: Check = (p) => p == "dark" || p == "light";
const keys: Check = (p) => p === null || (Array.isArray(p) && p.every(text));

/** createCommands returns the Woes dispatcher: it validates, applies, and never throws into the page. */
export function createCommands(load: () => void, identify: (identity: Identity) => void, shutdown: () => void) {
  const show = (intent?: Intent) => {
    if (intent) set("intent", intent);
    load();
    open(true);
  };

  const table: Record<string, [Check, (payload: any) => void]> = {
    show: [none, () => show()],
    hide: [none, () => open(false)],
    onShow: [callback, (f) => (s.onShow = f)],
    onHide: [callback, (f) => (s.onHide = f)],
    hideChatBubble: [none, () => set("bubble", false)],
    showChatBubble: [none, () => set("bubble", true)],
    setTheme: [theme, (t) => set("theme", t)],
    // note: before the session answers the count is unknown; the callback gets the session's count then.
    onChangeUnreadMessagesCount: [callback, (f) => ((s.onUnread = f), s.unread < 0 || safely(f, s.unread))],
    identify: [identity, (p) => identify(Object.fromEntries(IDENTITY.filter((k) => p[k] != null).map((k) => [k, "" + p[k]])))],
    setNewConversationFields: [flat, (p: Fields) => Object.assign(s.fields, p)],
    showNewMessage: [text, (draft) => (show({ draft }), track("new_message_draft"))],
    showTicketForm: [text, (form) => show({ form })],
    setTicketFormFields: [flat, (p: Fields) => Object.keys(p).forEach((k) => (s.ticketFields[k] = "" + (p[k] ?? "")))],
    setVisibleTicketForms: [keys, (forms) => set("forms", forms && [...forms])],
    shutdown: [none, () => shutdown()],
  };

  return (command?: unknown, payload?: unknown) => {
    // note: never String(command): an object's own toString could throw.
    const name = typeof command == "string" ? command : `(${typeof command})`;
    try {
      const row = Object.hasOwn(table, name) && table[name];
      if (!row) return warn(`unknown command ${name} ignored`);
      if (!row[0](payload)) return warn(`${name}: payload ignored`);
      row[1](payload);
    } catch (e) {
      warn(name + " failed", e);
    }
  };
}
