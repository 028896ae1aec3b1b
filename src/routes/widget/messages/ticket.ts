// Checks a ticket submission against the workspace's form definitions.
import type { Settings } from "../../../domain/settings";
import { HttpError, InvalidFields } from "../../../lib/http-error";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Problem = { code: string; field: string; message: string };

/** validateTicket returns the form key and clean field values, or throws 422 listing every invalid field. */
export function validateTicket(settings: Settings, ticket: { form: string; fields: Record<string, string> }) {
  const form = settings.ticketForms.find((f) => f.key === ticket.form);
  if (!form) throw new HttpError(422, "unknown_ticket_form", "This workspace has no such ticket form.", "ticket.form");
  const problems: Problem[] = [];
  const known = new Set(form.fields.map((f) => f.key));
  for (const name of Object.keys(ticket.fields)) {
    if (known.has(name)) continue;
    // note: the unknown name is the caller's input: named back only when it is a plain key.
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(name)) problems.push({ code: "unknown_ticket_field", field: "ticket.fields", message: `The form ${form.key} has a field that it does not define.` });
    else problems.push({ code: "unknown_ticket_field", field: `ticket.fields.${name}`, message: `The form ${form.key} has no field ${name}.` });
  }
  const clean: Record<string, string> = {};
  for (const field of form.fields) {
    const value = (ticket.fields[field.key] ?? "").trim();
    const path = `ticket.fields.${field.key}`;
    if (!value) {
      if (field.required) problems.push({ code: "field_required", field: path, message: `${field.label} is required.` });
    } else if (field.type === "email" && !EMAIL.test(value)) problems.push({ code: "invalid_field", field: path, message: `${field.label} must be an email address.` });
    else if (field.type === "select" && !(field.options ?? []).includes(value)) problems.push({ code: "invalid_field", field: path, message: `${field.label} must be one of its options.` });
    else clean[field.key] = value;
  }
  if (problems.length) throw invalidTicket(problems);
  return { form: form.key, fields: clean };
}

// note: one problem keeps its own code; several share one only when they agree (else invalid_field), and list each field.
function invalidTicket(problems: Problem[]) {
  const fields = [...new Map(problems.map((p) => [p.field, { field: p.field, message: p.message }])).values()];
  const code = problems.every((p) => p.code === problems[0]!.code) ? problems[0]!.code : "invalid_field";
  return new InvalidFields(fields, code);
}
