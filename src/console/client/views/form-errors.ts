// Form errors beside their fields: every field the server named is marked at once (aria-invalid, its
// sentence tied to it by aria-describedby), the first one focused; what names no field stays a form error.
import { ApiError } from "../api";
import { h, toast } from "../dom";
import { errorText } from "./parts";

let next = 0;

/** controlFor finds a field path's control: by data-field, else by the name of its last segment; a path
 * with no control of its own ("settings.greetings.de") falls back to its parent's ("settings.greetings"). */
function controlFor(form: HTMLElement, path: string): HTMLElement | null {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n);
    const last = prefix[n - 1]!;
    if (last === "*" || /^\d+$/.test(last)) continue;
    const found = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(prefix.join("."))}"]`) ?? form.querySelector<HTMLElement>(`[name="${CSS.escape(last)}"]`);
    if (found) return found;
  }
  return null;
}

/** clearFieldErrors removes the marks an earlier submit left. */
export function clearFieldErrors(form: HTMLElement) {
  for (const el of form.querySelectorAll(".field-error")) el.remove();
  for (const el of form.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    const rest = (el.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && !id.startsWith("fe-"));
    if (rest.length) el.setAttribute("aria-describedby", rest.join(" "));
    else el.removeAttribute("aria-describedby");
  }
}

/**
 * showFieldErrors marks each invalid field with its sentence and focuses the first. Whatever names no
 * field of this form goes to the form's alert line (or a toast without one).
 */
export function showFieldErrors(form: HTMLElement, err: unknown, alert?: HTMLElement | null) {
  clearFieldErrors(form);
  const left: string[] = [];
  let first: HTMLElement | null = null;
  for (const f of err instanceof ApiError ? err.fields : []) {
    const control = controlFor(form, f.field);
    if (!control) {
      left.push(f.message);
      continue;
    }
    const id = `fe-${++next}`;
    const note = h("small", { class: "field-error", id }, f.message);
    const holder = control.closest(".field");
    if (holder) holder.append(note);
    else control.after(note);
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    first ??= control;
  }
  const placed = first !== null;
  const rest = placed ? left.join(" ") : errorText(err);
  if (alert) alert.textContent = rest;
  else if (rest) toast(rest, "error");
  first?.focus();
}
