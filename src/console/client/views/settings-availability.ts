// Settings → Availability: office hours (time zone, weekly hours, holidays) and the reply time the messenger
// shows; "Online" comes by itself from operators with the inbox open.
import { admin, type OfficeHours, type Workspace } from "../admin";
import { h, mount, toast } from "../dom";
import { clearFieldErrors, showFieldErrors } from "./form-errors";
import { card, field } from "./parts";
import type { Section } from "./settings";

const DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"], ["fri", "Friday"], ["sat", "Saturday"], ["sun", "Sunday"]] as const;
const REPLIES = [["auto", "Automatic: from your first replies of the last 30 days"], ["minutes", "In a few minutes"], ["hour", "Within an hour"], ["hours", "In a few hours"], ["day", "Within a day"]] as const;

/** availabilitySection edits office hours and the reply time. */
export const availabilitySection: Section = (host, ws, saved) => {
  const hours = ws.settings.hours;
  const enabled = h("input", { type: "checkbox", role: "switch", name: "hoursOn", checked: !!hours });
  const zones = typeof Intl.supportedValuesOf == "function" ? Intl.supportedValuesOf("timeZone") : [];
  const timeZone = h("input", { name: "timeZone", list: "woes-zones", value: hours?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone });
  const rows = DAYS.map(([key, label]) => {
    // note: the console edits one interval a day; more (a lunch break) can be set through the API and are kept.
    const [first, ...more] = hours?.weekly[key] ?? [];
    const open = h("input", { type: "checkbox", name: `${key}Open`, checked: hours ? !!first : !["sat", "sun"].includes(key), "aria-label": `Open on ${label}` });
    const from = h("input", { type: "time", name: `${key}From`, "data-field": `settings.hours.weekly.${key}`, value: first?.[0] ?? "09:00", "aria-label": `${label} opens` });
    const to = h("input", { type: "time", name: `${key}To`, value: first?.[1] ?? "17:00", "aria-label": `${label} closes` });
    const row = h("div", { class: "hours-row" }, h("label", { class: "hours-day" }, open, h("span", null, label)), from, h("span", { class: "muted" }, "to"), to);
    return { key, open, from, to, more, row };
  });
  const holidays = h("textarea", { name: "holidays", rows: 3, placeholder: "2026-12-25" }, (hours?.holidays ?? []).join("\n"));
  const reply = h("select", { name: "replyTime" }, REPLIES.map(([value, label]) => h("option", { value }, label)));
  reply.value = ws.settings.replyTime ?? "auto";

  const form = h(
    "form",
    { class: "form", novalidate: true },
    h("label", { class: "switch" }, enabled, h("span", { class: "switch-track", "aria-hidden": "true" }), h("span", null, h("strong", null, "Office hours"), h("small", { class: "muted" }, "Out of hours, and with nobody online, the messenger says when you are back, in the visitor's own time."))),
    field("Time zone", timeZone, "The hours below are in this time zone."),
    h("datalist", { id: "woes-zones" }, zones.map((z) => h("option", { value: z }))),
    h("div", { class: "hours" }, rows.map((r) => r.row)),
    field("Holidays", holidays, "Closed all day: one date a line, as YYYY-MM-DD."),
    field("Usually replies", reply, "Shown under your name in the messenger."),
    h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, "Save")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const weekly: OfficeHours["weekly"] = {};
    for (const r of rows) if (r.open.checked) weekly[r.key] = [[r.from.value, r.to.value === "00:00" ? "24:00" : r.to.value], ...r.more];
    const next: OfficeHours | null = enabled.checked
      ? { timeZone: timeZone.value.trim(), weekly, holidays: holidays.value.split(/\s+/).filter(Boolean) }
      : null;
    try {
      saved(await admin.updateWorkspace(ws.id, { settings: { hours: next, replyTime: reply.value as Workspace["settings"]["replyTime"] } }));
      clearFieldErrors(form);
      toast("Availability saved");
    } catch (err) {
      showFieldErrors(form, err);
    }
  });
  mount(host, card("Availability", form));
};
