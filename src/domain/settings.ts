// Workspace settings: one valibot schema shared by the session answer and the operator API.
import * as v from "valibot";

const FieldKey = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/, "a snake_case key"));

/** A ticket form field definition. */
export const TicketField = v.object({
  key: FieldKey,
  label: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  type: v.picklist(["text", "textarea", "email", "select"]),
  required: v.boolean(),
  options: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(120))), v.maxLength(50))),
});
export type TicketField = v.InferOutput<typeof TicketField>;

/** A ticket form: key, title and fields, rendered by the widget. */
export const TicketForm = v.object({
  key: FieldKey,
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  fields: v.pipe(v.array(TicketField), v.maxLength(30)),
});
export type TicketForm = v.InferOutput<typeof TicketForm>;

/** Settings is the whole settings document of a workspace. */
export const Settings = v.object({
  theme: v.picklist(["light", "dark", "auto"]),
  identity: v.picklist(["optional", "required"]),
  survey: v.nullable(v.picklist(["csat", "nps"])),
  ticketForms: v.pipe(v.array(TicketForm), v.maxLength(20)),
  /** autoAssign: a reply from an unassigned conversation assigns it to the replier (absent: on). Operators only. */
  autoAssign: v.optional(v.boolean()),
});
export type Settings = v.InferOutput<typeof Settings>;

/** SettingsPatch is what PATCH accepts: given fields merge, absent ones stay. */
export const SettingsPatch = v.partial(Settings);
export type SettingsPatch = v.InferOutput<typeof SettingsPatch>;

/** defaultSettings are what a new workspace starts with. */
export const defaultSettings = (): Settings => ({ theme: "auto", identity: "optional", survey: null, ticketForms: [] });

/** readSettings turns a stored document into Settings, falling back to defaults field by field. */
export function readSettings(stored: unknown): Settings {
  const merged = { ...defaultSettings(), ...(stored && typeof stored === "object" ? stored : {}) };
  const parsed = v.safeParse(Settings, merged);
  return parsed.success ? parsed.output : defaultSettings();
}

/** publicSettings drops what only operators may know (autoAssign) before settings reach the widget. */
export function publicSettings(s: Settings): Omit<Settings, "autoAssign"> {
  const { autoAssign: _, ...rest } = s;
  return rest;
}

/** mergeSettings applies a patch, checking that ticket form keys stay unique and that a select has options. */
export function mergeSettings(current: Settings, patch: SettingsPatch): Settings | { field: string; message: string } {
  const next = { ...current, ...patch };
  const keys = new Set<string>();
  for (const [i, form] of next.ticketForms.entries()) {
    if (keys.has(form.key)) return { field: `settings.ticketForms.${i}.key`, message: "Ticket form keys must be unique." };
    keys.add(form.key);
    if (new Set(form.fields.map((f) => f.key)).size !== form.fields.length) {
      return { field: `settings.ticketForms.${i}.fields`, message: "Field keys must be unique within a form." };
    }
    // note: checked only when forms are sent, so a form stored before this rule does not block other settings.
    const empty = patch.ticketForms ? form.fields.findIndex((f) => f.type === "select" && !f.options?.length) : -1;
    if (empty >= 0) return { field: `settings.ticketForms.${i}.fields.${empty}.options`, message: "A select field needs at least one option." };
  }
  return next;
}
