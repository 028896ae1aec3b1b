// Console alert preferences: which events raise a browser notification, the sound, and the unread badge.
import * as v from "valibot";
import { Id } from "../../admin/shared";

/** AlertPrefs are one operator's alert choices, saved with the account so they follow it to any browser. */
export const AlertPrefs = v.object({
  /** notifications: show browser notifications (each browser still asks its own permission). */
  notifications: v.boolean(),
  /** newConversation, newMessage, waiting: which events notify. */
  newConversation: v.boolean(),
  newMessage: v.boolean(),
  waiting: v.boolean(),
  /** sound: a short beep with each alert. */
  sound: v.boolean(),
  /** badge: the unread count in the tab title and on the favicon. */
  badge: v.boolean(),
});
export type AlertPrefs = v.InferOutput<typeof AlertPrefs>;

/** ALERT_DEFAULTS: the badge and every event on, notifications and sound off until the operator turns them on. */
export const ALERT_DEFAULTS: AlertPrefs = { notifications: false, newConversation: true, newMessage: true, waiting: true, sound: false, badge: true };

const flag = v.optional(v.boolean("true or false"));

/** AlertPrefsBody changes some of the choices; an unknown key (another account's id, say) is a 422. */
export const AlertPrefsBody = v.pipe(
  v.strictObject({ notifications: flag, newConversation: flag, newMessage: flag, waiting: flag, sound: flag, badge: flag }, "only the alert choices"),
  v.check((b) => Object.keys(b).length > 0, "at least one choice"),
);
export type AlertPrefsBody = v.InferOutput<typeof AlertPrefsBody>;

/** AlertsAnswer is the signed-in operator's alert choices, every key present. */
export const AlertsAnswer = v.object({ alerts: AlertPrefs });

/** UnreadQuery names the workspace, and maybe the conversation on screen in the asking tab (left out: it is seen as it shows). */
export const UnreadQuery = v.object({ workspace: Id, except: v.optional(Id) });
export type UnreadQuery = v.InferOutput<typeof UnreadQuery>;

/** UNREAD_CAP: the count stops there; `more` says there are at least that many. */
export const UNREAD_CAP = 999;

/** UnreadAnswer is how many open conversations have customer messages the caller has not seen (up to UNREAD_CAP). */
export const UnreadAnswer = v.object({ unread: v.number(), more: v.boolean() });
export type UnreadAnswer = v.InferOutput<typeof UnreadAnswer>;
