// The ticket form view: fields rendered from the workspace's definition, required ones enforced before
// sending, the server's field errors shown next to their field.
import type { Conversation, Message, TicketField, TicketForm } from "../types";
import { h, uid } from "./dom";
import type { Nav, View } from "./shell";
import { t } from "./i18n";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** summary is the ticket's first message: every answered field as "Label: value". */
const summary = (form: TicketForm, values: Record<string, string>) =>
  [form.title, ...form.fields.filter((f) => values[f.key]).map((f) => `${f.label}: ${values[f.key]}`)].join("\n").slice(0, 5000);

/** ticketView renders one form, prefilled from setTicketFormFields, and opens the ticket's thread once sent. */
export function ticketView(nav: Nav, form: TicketForm): View {
  const { rt } = nav;
  const s = rt.s;
  const clientId = uid(); // note: one id per form view, so a resubmit after a lost answer creates no second ticket.
  const inputs: Record<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> = {};
  const errors: Record<string, HTMLElement> = {};
  const general = h("p", { class: "err", role: "alert" });
  const submit = h("button", { class: "primary", type: "submit" }, t("Submit"));

  const field = (f: TicketField) => {
    const id = "woes-f-" + f.key;
    const props = { id, name: f.key, required: f.required, "aria-required": "" + f.required, "aria-describedby": id + "-err", value: s.ticketFields[f.key] || "" };
    const input =
      f.type == "textarea"
        ? h("textarea", { ...props, rows: 4, maxLength: 5000 })
        : f.type == "select"
          ? h("select", { ...props, value: null }, h("option", { value: "" }, t("Choose…")), (f.options || []).map((o) => h("option", { value: o, selected: s.ticketFields[f.key] == o }, o)))
          : h("input", { ...props, type: f.type == "email" ? "email" : "text", maxLength: 5000, autocomplete: f.type == "email" ? "email" : "off" });
    inputs[f.key] = input;
    errors[f.key] = h("p", { class: "err", id: id + "-err" });
    return h("div", { class: "field" }, h("label", { for: id }, f.label, f.required && h("span", { class: "req", "aria-hidden": "true" }, " *")), input, errors[f.key]);
  };

  function invalid(key: string, message: string) {
    inputs[key]!.setAttribute("aria-invalid", "true");
    errors[key]!.textContent = message;
  }

  async function onSubmit(e: Event) {
    e.preventDefault();
    general.textContent = "";
    const values: Record<string, string> = {};
    for (const f of form.fields) {
      const value = inputs[f.key]!.value.trim();
      inputs[f.key]!.removeAttribute("aria-invalid");
      errors[f.key]!.textContent = "";
      if (value) values[f.key] = value;
      if (f.required && !value) invalid(f.key, `${f.label} is required.`);
      else if (value && f.type == "email" && !EMAIL.test(value)) invalid(f.key, `${f.label} must be an email address.`);
    }
    const first = form.fields.find((f) => inputs[f.key]!.getAttribute("aria-invalid"));
    if (first) return inputs[first.key]!.focus();
    submit.disabled = true;
    try {
      const fields = Object.keys(s.fields).length ? s.fields : undefined;
      const r = await rt.call<{ conversation: Conversation; message: Message }>("messages", { body: summary(form, values), clientId, fields, ticket: { form: form.key, fields: values } }, 3);
      s.fields = {};
      rt.upsert(r.conversation);
      rt.track("ticket_form_submit", r.conversation.id, { form: form.key });
      nav.thread(r.conversation.id);
    } catch (err: any) {
      submit.disabled = false;
      // note: each field the server names gets its sentence beside it; the rest, or no field, is said below the form.
      const rest = (err.fields || (err.field ? [err] : [])).filter((f: { field: string; message: string }) => {
        const key = /^ticket\.fields\.(.+)$/.exec(f.field)?.[1];
        if (key && inputs[key]) return invalid(key, f.message), false;
        return true;
      });
      const first = form.fields.find((f) => inputs[f.key]!.getAttribute("aria-invalid"));
      if (first) inputs[first.key]!.focus();
      if (!first || rest.length) general.textContent = err.status ? (rest[0] || err).message : t("Your request could not be sent. Please try again.");
    }
  }

  const el = h(
    "form",
    { class: "scroll", noValidate: true, "aria-labelledby": "woes-form-title", onsubmit: onSubmit },
    h("h2", { class: "form-title", id: "woes-form-title" }, form.title),
    form.fields.map(field),
    general,
    submit,
  );
  rt.track("ticket_form_view", undefined, { form: form.key });
  return { el, kind: "form", focus: () => (Object.values(inputs)[0] || submit).focus() };
}
