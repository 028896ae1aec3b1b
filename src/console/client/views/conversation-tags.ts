// Tags and snoozes of a conversation: the Tags card (add, remove) and the header's Snooze / Wake control.
import { admin, type InboxItem } from "../admin";
import { clock, h, toast } from "../dom";
import { badge, card, errorText } from "./parts";

async function save(id: string, tags: string[], changed: () => void) {
  try {
    await admin.setTags(id, tags);
    changed();
  } catch (e) {
    toast(errorText(e), "error");
  }
}

/** tagsCard lists the conversation's tags, each removable, with a field to add one. */
export function tagsCard(c: InboxItem, changed: () => void) {
  const tags = c.tags ?? [];
  const input = h("input", { name: "tag", maxlength: 40, placeholder: "Add a tag", "aria-label": "New tag", autocomplete: "off" });
  const form = h("form", { class: "tag-add" }, input, h("button", { class: "btn btn-secondary btn-sm", type: "submit" }, "Add"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const tag = input.value.trim().toLowerCase();
    if (tag && !tags.includes(tag)) void save(c.id, [...tags, tag], changed);
  });
  const chips = tags.map((t) =>
    h("li", { class: "tag" }, t, h("button", { type: "button", class: "tag-x", "aria-label": `Remove tag ${t}`, onClick: () => void save(c.id, tags.filter((x) => x !== t), changed) }, "×")),
  );
  return card("Tags", tags.length ? h("ul", { class: "tags", "aria-label": "Tags" }, chips) : h("p", { class: "muted" }, "No tags yet."), form);
}

const HOUR = 3_600_000;
// note: "tomorrow" and "Monday" are 9:00 in the operator's own time zone.
function at9(daysAhead: number) {
  const d = new Date();
  d.setDate(d.getDate() + daysAhead);
  d.setHours(9, 0, 0, 0);
  return d.toISOString();
}
const CHOICES: [string, () => string][] = [
  ["1 hour", () => new Date(Date.now() + HOUR).toISOString()],
  ["4 hours", () => new Date(Date.now() + 4 * HOUR).toISOString()],
  ["Tomorrow 9:00", () => at9(1)],
  ["Next Monday 9:00", () => at9(((8 - new Date().getDay()) % 7) || 7)],
];

/** snoozeControl is "Snooze…" for an open conversation, or the snooze time and "Wake" for a snoozed one. */
export function snoozeControl(c: InboxItem, changed: () => void) {
  const snooze = async (until: string | null) => {
    try {
      await admin.snooze(c.id, until);
      toast(until ? `Snoozed until ${clock(until)}` : "Woken up");
      changed();
    } catch (e) {
      toast(errorText(e), "error");
    }
  };
  if (c.status === "snoozed") {
    return h("span", { class: "snoozed" }, badge(`Snoozed until ${clock(c.snoozedUntil ?? "")}`, "warn"), h("button", { class: "btn btn-secondary btn-sm", type: "button", onClick: () => void snooze(null) }, "Wake"));
  }
  if (c.status !== "open") return null;
  const select = h("select", { class: "snooze-select", "aria-label": "Snooze" }, h("option", { value: "" }, "Snooze…"), CHOICES.map(([label], i) => h("option", { value: String(i) }, label)));
  select.addEventListener("change", () => {
    const pick = CHOICES[Number(select.value)];
    if (select.value !== "" && pick) void snooze(pick[1]());
  });
  return select;
}
