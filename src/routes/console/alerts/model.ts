// Console alert preferences: which events raise a browser notification, the sound, and the unread badge.
import * as v from "valibot";

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
