// Settings → Ticket forms: create and edit forms and their fields; saved as the workspace's ticketForms.
import { admin, type TicketForm, type Workspace } from "../admin";
import { h, mount, toast } from "../dom";
import { showFieldErrors } from "./form-errors";
import { badge, card, errorText, field } from "./parts";
import type { Section } from "./settings";

type FieldDef = TicketForm["fields"][number];
const TYPES: FieldDef["type"][] = ["text", "textarea", "email", "select"];
const snake = (s: string) => s.toLowerCase().trim().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").replace(/^(\d)/, "f_$1").slice(0, 40);

function fieldRow(f: FieldDef, remove: () => void) {
  const label = h("input", { value: f.label, "aria-label": "Label", placeholder: "Label" });
  const key = h("input", { value: f.key, "aria-label": "Key", placeholder: "key", class: "mono" });
  const type = h("select", { "aria-label": "Type" }, TYPES.map((t) => h("option", { value: t }, t)));
  const required = h("input", { type: "checkbox", checked: f.required, "aria-label": "Required" });
  const options = h("input", { value: (f.options ?? []).join(", "), placeholder: "Options, comma separated", "aria-label": "Options" });
  type.value = f.type;
  const sync = () => (options.hidden = type.value !== "select");
  type.addEventListener("change", sync);
  label.addEventListener("input", () => {
    if (!key.dataset.touched) key.value = snake(label.value);
  });
  key.addEventListener("input", () => (key.dataset.touched = "1"));
  if (f.key) key.dataset.touched = "1";
  sync();
  const row = h("div", { class: "field-row" }, label, key, type, h("label", { class: "inline" }, required, " Required"), options, h("button", { type: "button", class: "btn btn-ghost btn-sm", onClick: () => (row.remove(), remove()) }, "Remove"));
  /** stamp names the row's controls by their path in the saved settings, so errors land beside them. */
  const stamp = (path: string) => {
    for (const [name, control] of [["label", label], ["key", key], ["type", type], ["options", options]] as const) control.dataset.field = `${path}.${name}`;
  };
  const read = (): FieldDef => {
    const out: FieldDef = { key: key.value.trim(), label: label.value.trim(), type: type.value as FieldDef["type"], required: required.checked };
    if (out.type === "select") out.options = options.value.split(",").map((o) => o.trim()).filter(Boolean);
    return out;
  };
  return { row, read, stamp };
}

function editor(form: TicketForm, index: number, save: (f: TicketForm) => Promise<void>, cancel: () => void) {
  const at = `settings.ticketForms.${index}`;
  const title = h("input", { value: form.title, placeholder: "Bug report", "data-field": `${at}.title` });
  const key = h("input", { value: form.key, placeholder: "bug_report", class: "mono", "data-field": `${at}.key` });
  title.addEventListener("input", () => !form.key && (key.value = snake(title.value)));
  const rows: ReturnType<typeof fieldRow>[] = [];
  const list = h("div", { class: "field-rows" });
  const add = (f: FieldDef) => {
    const r = fieldRow(f, () => rows.splice(rows.indexOf(r), 1));
    rows.push(r);
    list.appendChild(r.row);
  };
  form.fields.forEach(add);
  if (!form.fields.length) add({ key: "", label: "", type: "text", required: true });
  const error = h("p", { class: "form-error", role: "alert" });
  const el = h(
    "form",
    { class: "form", novalidate: true },
    h("div", { class: "form-row" }, field("Title", title, "Shown to visitors."), field("Key", key, "Used in Woes('showTicketForm', key).")),
    h("h3", { class: "small-title" }, "Fields"),
    list,
    h("button", { type: "button", class: "btn btn-ghost btn-sm", onClick: () => add({ key: "", label: "", type: "text", required: false }) }, "+ Add field"),
    error,
    h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, "Save form"), h("button", { class: "btn btn-secondary", type: "button", onClick: cancel }, "Cancel")),
  );
  el.addEventListener("submit", async (e) => {
    e.preventDefault();
    rows.forEach((r, j) => r.stamp(`${at}.fields.${j}`));
    try {
      await save({ key: key.value.trim(), title: title.value.trim(), fields: rows.map((r) => r.read()) });
    } catch (err) {
      showFieldErrors(el, err, error);
    }
  });
  return el;
}

/** formsSection lists the workspace's ticket forms and edits one at a time. */
export const formsSection: Section = (host, initial, saved) => {
  let ws: Workspace = initial;
  const persist = async (forms: TicketForm[]) => {
    ws = await admin.updateWorkspace(ws.id, { settings: { ticketForms: forms } });
    saved(ws);
  };
  function list() {
    const forms = ws.settings.ticketForms;
    mount(
      host,
      card(
        "Ticket forms",
        forms.length
          ? h("ul", { class: "form-list" }, forms.map((f, i) => h("li", null,
              h("div", null, h("strong", null, f.title), " ", h("code", { class: "muted" }, f.key), h("small", { class: "muted" }, f.fields.map((x) => x.label + (x.required ? " *" : "")).join(" · "))),
              h("div", { class: "actions" }, badge(`${f.fields.length} fields`), h("button", { class: "btn btn-secondary btn-sm", onClick: () => edit(i) }, "Edit"), h("button", { class: "btn btn-ghost btn-sm", onClick: () => void remove(i) }, "Delete")))))
          : h("p", { class: "muted" }, "No ticket forms yet. A form lets visitors open a ticket with the details you need."),
        h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", onClick: () => edit(-1) }, "New form")),
      ),
    );
  }
  function edit(i: number) {
    const current = ws.settings.ticketForms[i] ?? { key: "", title: "", fields: [] };
    mount(host, card(i === -1 ? "New ticket form" : `Edit · ${current.title}`, editor(current, i === -1 ? ws.settings.ticketForms.length : i, async (f) => {
      const forms = [...ws.settings.ticketForms];
      if (i === -1) forms.push(f);
      else forms[i] = f;
      await persist(forms);
      toast("Ticket form saved");
      list();
    }, list)));
  }
  async function remove(i: number) {
    if (!confirm(`Delete the form “${ws.settings.ticketForms[i]!.title}”?`)) return;
    try {
      await persist(ws.settings.ticketForms.filter((_, j) => j !== i));
      toast("Ticket form deleted");
      list();
    } catch (e) {
      toast(errorText(e), "error");
    }
  }
  list();
};
