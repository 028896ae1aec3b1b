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

/** BrandColor is a colour as #rrggbb (CONTRACT §9b). */
export const BrandColor = v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, "a colour as #rrggbb"));

/** Greeting is the line the widget's header shows under the workspace's name. */
export const Greeting = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(160));

const Offset = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));

/** LAUNCHER_ICONS are the icons the launcher can wear (widget/src/icons.ts draws them); absent means `chat`. */
export const LAUNCHER_ICONS = ["chat", "question", "headset", "envelope"] as const;
export type LauncherIcon = (typeof LAUNCHER_ICONS)[number];

/** Launcher places the launcher (and the panel above it) and picks its icon. */
export const Launcher = v.object({
  position: v.picklist(["left", "right"]),
  // note: pixels from the page's side and bottom edges; the panel follows the launcher.
  offset: v.optional(v.object({ x: Offset(400), y: Offset(600) })),
  icon: v.optional(v.picklist(LAUNCHER_ICONS, "one of chat, question, headset, envelope")),
});
export type Launcher = v.InferOutput<typeof Launcher>;

/** isLocale tells whether a text is a well-formed BCP 47 language tag. */
export const isLocale = (x: string) => {
  try {
    return Intl.getCanonicalLocales(x).length == 1;
  } catch {
    return false;
  }
};

/** Locale is a BCP 47 language tag (CONTRACT §9b `locale`). */
export const Locale = v.pipe(v.string(), v.maxLength(35), v.check(isLocale, "a BCP 47 language tag"));

/** Greetings override the greeting per language: {"de": "Hallo!", "pt-BR": "Olá!"}. */
export const Greetings = v.pipe(
  v.record(v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a language such as de or pt-BR")), Greeting),
  v.check((o) => Object.keys(o).length <= 50, "at most 50 languages"),
);

/** isTimeZone tells whether a text is an IANA time zone this runtime knows. */
export const isTimeZone = (x: string) => {
  try {
    return !!new Intl.DateTimeFormat("en-US", { timeZone: x }).format(0);
  } catch {
    return false;
  }
};

const Time = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time as HH:MM"));
const Interval = v.pipe(v.tuple([Time, Time]), v.check(([from, to]) => from < to, "opening before closing"));
const Day = v.optional(v.pipe(v.array(Interval), v.maxLength(4)));

/** DAYS are the weekdays of office hours, Sunday first as Date.getDay counts them. */
export const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/** OfficeHours are when the team works: weekly opening intervals in a time zone, and holidays (local dates). */
export const OfficeHours = v.object({
  timeZone: v.pipe(v.string(), v.maxLength(64), v.check(isTimeZone, "an IANA time zone such as Europe/Berlin")),
  weekly: v.object({ sun: Day, mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day }),
  holidays: v.optional(v.pipe(v.array(v.pipe(v.string(), v.isoDate("a date as YYYY-MM-DD"))), v.maxLength(100))),
});
export type OfficeHours = v.InferOutput<typeof OfficeHours>;

type Intervals = NonNullable<OfficeHours["weekly"]["mon"]>;

/** byOpening is a day's intervals ordered by opening time ("HH:MM" strings sort as times, "24:00" last). */
export const byOpening = (intervals: Intervals): Intervals => [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

/** tidyHours sorts each day's intervals by opening time, or names the first day whose intervals overlap. */
export function tidyHours(hours: OfficeHours): OfficeHours | { field: string; message: string } {
  const weekly: OfficeHours["weekly"] = {};
  for (const day of DAYS) {
    const intervals = hours.weekly[day];
    if (!intervals) continue;
    const sorted = byOpening(intervals);
    for (let i = 1; i < sorted.length; i++) {
      const [prev, next] = [sorted[i - 1]!, sorted[i]!];
      if (next[0] < prev[1]) return { field: `settings.hours.weekly.${day}`, message: `Office hours overlap: ${prev[0]}–${prev[1]} and ${next[0]}–${next[1]}.` };
    }
    weekly[day] = sorted;
  }
  return { ...hours, weekly };
}

/** Settings is the whole settings document of a workspace. */
export const Settings = v.object({
  theme: v.picklist(["light", "dark", "auto"]),
  identity: v.picklist(["optional", "required"]),
  survey: v.nullable(v.picklist(["csat", "nps"])),
  ticketForms: v.pipe(v.array(TicketForm), v.maxLength(20)),
  /** autoAssign: a reply from an unassigned conversation assigns it to the replier (absent: on). Operators only. */
  autoAssign: v.optional(v.boolean()),
  brandColor: v.optional(BrandColor),
  greeting: v.optional(Greeting),
  launcher: v.optional(Launcher),
  // note: when set, the widget speaks this language whatever the visitor's browser says.
  locale: v.optional(Locale),
  greetings: v.optional(Greetings),
  hours: v.optional(OfficeHours),
  // note: "auto" (or absent) computes it from the first replies of the last 30 days.
  replyTime: v.optional(v.picklist(["auto", "minutes", "hour", "hours", "day"])),
});
export type Settings = v.InferOutput<typeof Settings>;

/** SettingsPatch is what PATCH accepts: given fields merge, absent ones stay, null clears an optional one. */
export const SettingsPatch = v.object({
  ...v.partial(Settings).entries,
  brandColor: v.optional(v.nullable(BrandColor)),
  greeting: v.optional(v.nullable(Greeting)),
  launcher: v.optional(v.nullable(Launcher)),
  locale: v.optional(v.nullable(Locale)),
  greetings: v.optional(v.nullable(Greetings)),
  hours: v.optional(v.nullable(OfficeHours)),
});
export type SettingsPatch = v.InferOutput<typeof SettingsPatch>;

/** defaultSettings are what a new workspace starts with. */
export const defaultSettings = (): Settings => ({ theme: "auto", identity: "optional", survey: null, ticketForms: [] });

/** readSettings turns a stored document into Settings, falling back to defaults field by field. */
export function readSettings(stored: unknown): Settings {
  const merged = { ...defaultSettings(), ...(stored && typeof stored === "object" ? stored : {}) };
  const parsed = v.safeParse(Settings, merged);
  return parsed.success ? parsed.output : defaultSettings();
}

/** mergeSettings applies a patch, checking that ticket form keys stay unique, that a select has options and that
 *  office hours do not overlap (they are stored sorted). */
export function mergeSettings(current: Settings, patch: SettingsPatch): Settings | { field: string; message: string } {
  const next = { ...current, ...patch } as Settings & SettingsPatch;
  for (const name of ["brandColor", "greeting", "launcher", "locale", "greetings", "hours"] as const) if (next[name] === null) delete next[name];
  // note: checked only when hours are sent, so hours stored before this rule do not block other settings.
  if (patch.hours) {
    const hours = tidyHours(patch.hours);
    if ("field" in hours) return hours;
    next.hours = hours;
  }
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
  return next as Settings;
}

/** ReplyTime is how soon the team usually replies, as the widget words it. */
export const ReplyTime = v.picklist(["minutes", "hour", "hours", "day"]);
export type ReplyTime = v.InferOutput<typeof ReplyTime>;

/** Availability is what the widget's header says about the team (CONTRACT §9b): online now (an operator has the
 *  inbox open), how soon it usually replies, and when office hours next open. */
export const Availability = v.object({ online: v.boolean(), replyTime: v.optional(ReplyTime), nextOpenAt: v.optional(v.string()) });
export type Availability = v.InferOutput<typeof Availability>;

/** PublicSettings are the settings a widget boots with (CONTRACT §3 and §9b): the per-language greetings
 *  become the one greeting of the visitor's language; operator-only settings (office hours, reply time by
 *  hand, auto-assignment) are left out. */
export const PublicSettings = v.object({ ...v.omit(Settings, ["greetings", "hours", "replyTime", "autoAssign"]).entries, availability: v.optional(Availability) });
export type PublicSettings = v.InferOutput<typeof PublicSettings>;

/** publicSettings picks what a visitor's widget is told: the workspace's language, else the browser's (when it
 *  is a well-formed tag), the greeting written for that language (exact tag, then its base language), and the
 *  team's availability. */
export function publicSettings(settings: Settings, requested?: string | null, availability?: Availability): PublicSettings {
  // note: office hours and auto-assignment are the operators' business; the widget hears only their outcome.
  const { greetings, hours, replyTime, autoAssign: _, ...shown } = settings;
  const locale = settings.locale ?? (requested && isLocale(requested) ? Intl.getCanonicalLocales(requested)[0] : undefined);
  const greeting = (locale && (greetings?.[locale] ?? greetings?.[locale.split("-")[0]!.toLowerCase()])) || settings.greeting;
  return { ...shown, ...(locale ? { locale } : {}), ...(greeting ? { greeting } : {}), ...(availability ? { availability } : {}) };
}
