// Checks a ticket submission against the workspace's form definitions.
import type { Settings } from "../../../domain/settings";
import { HttpError } from "../../../lib/http-error";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** validateTicket returns the form key and clean field values, or throws 422 naming the field. */
export function validateTicket(settings: Settings, ticket: { form: string; fields: Record<string, string> }) {
  const form = settings.ticketForms.find((f) => f.key === ticket.form);
  if (!form) throw new HttpError(422, "unknown_ticket_form", "This workspace has no such ticket form.", "ticket.form");
  const known = new Set(form.fields.map((f) => f.key));
  for (const name of Object.keys(ticket.fields)) {
    if (known.has(name)) continue;
    // note: the unknown name is the caller's input: named back only when it is a plain key.
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(name)) throw new HttpError(422, "unknown_ticket_field", `The form ${form.key} has a field that it does not define.`, "ticket.fields");
    throw new HttpError(422, "unknown_ticket_field", `The form ${form.key} has no field ${name}.`, `ticket.fields.${name}`);
  }
  const clean: Record<string, string> = {};
  for (const field of form.fields) {
    const value = (ticket.fields[field.key] ?? "").trim();
    const path = `ticket.fields.${field.key}`;
    if (!value) {
      if (field.required) throw new HttpError(422, "field_required", `${field.label} is required.`, path);
      continue;
    }
    if (field.type === "email" && !EMAIL.test(value)) throw new HttpError(422, "invalid_field", `${field.label} must be an email address.`, path);
    if (field.type === "select" && !(field.options ?? []).includes(value)) {
      throw new HttpError(422, "invalid_field", `${field.label} must be one of its options.`, path);
    }
    clean[field.key] = value;
  }
  return { form: form.key, fields: clean };
}
