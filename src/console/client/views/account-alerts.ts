// The Account page's Alerts card: browser notifications (permission asked from this click, never on load),
// which events alert, the sound, and the unread badge; saved with the account, so they follow the operator.
import { ApiError, patch } from "../api";
import { h, toast } from "../dom";
import { alertPrefs, beep, useAlertPrefs, type AlertPrefs } from "../alerts";
import { card, errorText } from "./parts";

const CHOICES: [keyof AlertPrefs, string][] = [
  ["notifications", "Browser notifications"],
  ["newConversation", "New conversations"],
  ["newMessage", "New messages from customers"],
  ["waiting", "Conversations waiting for a person"],
  ["sound", "Play a sound"],
  ["badge", "Unread count in the tab title and icon"],
];

/** permissionText says what this browser allows, since the permission is each browser's own. */
function permissionText() {
  if (typeof Notification === "undefined") return "This browser cannot show notifications.";
  if (Notification.permission === "granted") return "This browser shows them.";
  if (Notification.permission === "denied") return "This browser blocks them: allow notifications for this site in its settings.";
  return "This browser will ask when you turn them on.";
}

/** alertsCard renders the Alerts card with the saved choices. */
export function alertsCard(saved: AlertPrefs) {
  useAlertPrefs(saved);
  const status = h("small", { class: "muted", "data-testid": "notify-permission" }, permissionText());
  const boxes = CHOICES.map(([key, label]) => {
    const box = h("input", { type: "checkbox", name: key, checked: saved[key], "data-testid": `alert-${key}` });
    box.addEventListener("change", () => void save(key, box));
    return h("label", { class: "check" }, box, ` ${label}`);
  });
  // note: the permission prompt is asked from the operator's click, inside this change; browsers ignore (or
  // remember as refused) a prompt asked on load.
  async function save(key: keyof AlertPrefs, box: HTMLInputElement) {
    if (key === "notifications" && box.checked && typeof Notification !== "undefined" && Notification.permission === "default") {
      await Notification.requestPermission().catch(() => "default");
      status.textContent = permissionText();
    }
    try {
      const r = await patch<{ alerts: AlertPrefs }>("/api/console/me/alerts", { [key]: box.checked });
      useAlertPrefs(r.alerts);
      toast("Alerts saved");
    } catch (e) {
      box.checked = alertPrefs()[key];
      toast(e instanceof ApiError ? errorText(e) : "The alerts could not be saved.", "error");
    }
  }
  const tryIt = h("button", { class: "btn", type: "button", "data-testid": "alert-try", onClick: () => {
    const p = alertPrefs();
    if (p.sound) beep();
    if (p.notifications && typeof Notification !== "undefined" && Notification.permission === "granted") {
      try {
        new Notification("Woes alerts are on", { body: "New conversations and messages will look like this." });
      } catch {
        // note: Android Chrome allows notifications only from a service worker, and throws here.
        toast("This browser shows notifications only from an installed app; the badge and the sound still work", "error");
      }
    } else toast(p.sound ? "Played the sound" : "Turn on notifications or the sound first");
  } }, "Try an alert");
  return card("Alerts", h("p", { class: "muted" }, "Saved with your account, so they follow you to any browser. Nothing alerts for the conversation you are looking at."), h("div", { class: "alert-choices" }, boxes), status, h("div", { class: "form-actions" }, tryIt));
}
