// Validation issues as people read them: one sentence per invalid field ("Name is required.",
// "Password must be at least 10 characters."), built from the expectation, never from the input.

/** FieldError names one invalid field and says what it must be. */
export type FieldError = { field: string; message: string };

/** MAX_FIELDS bounds how many fields one answer lists. */
const MAX_FIELDS = 20;

// note: a record's keys are the caller's input, so a segment that is a key present in the
// input with an issue of its own (a missing field is absent), or not a short plain name, is "*".
function pathSegment(p: any): string {
  const key = String(p?.key);
  const badInputKey = p?.origin === "key" && p?.input !== null && typeof p?.input === "object" && Object.hasOwn(p.input, key);
  return !badInputKey && /^[A-Za-z0-9_]{1,40}$/.test(key) ? key : "*";
}

/** issuePath is the dotted field path of a valibot issue ("settings.brandColor"), or "" for the whole value. */
export function issuePath(issue: any): string {
  if (Array.isArray(issue?.path)) return issue.path.map(pathSegment).join(".");
  return typeof issue?.path === "string" ? issue.path.replace(/^\//, "").replace(/\//g, ".") : "";
}

const WORDS: Record<string, string> = { url: "URL", id: "ID", ids: "IDs", ip: "IP", csat: "CSAT", nps: "NPS", q: "search", ai: "AI", color: "colour" };

/** fieldLabel turns a path's last plain segment into words: "settings.brandColor" → "Brand color". */
export function fieldLabel(path: string): string {
  const last = path.split(".").filter((s) => s !== "*" && !/^\d+$/.test(s)).pop() ?? "value";
  const words = last.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase().split(" ").map((w) => WORDS[w] ?? w);
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const bound = (expected: unknown) => (typeof expected === "string" ? expected.replace(/^[<>]=?/, "") : "");
const TYPES: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  integer: "a whole number",
  email: "an email address",
  url: "a URL",
  null: "empty",
  date: "a date",
};

// note: valibot's default messages quote the received value; ours (set in the schemas) do not.
function requirement(issue: any): string {
  const own = typeof issue?.message === "string" && !/received|^invalid /i.test(issue.message) ? issue.message.slice(0, 120) : null;
  if (own) return own;
  const unit = Array.isArray(issue?.input) ? "items" : "characters";
  switch (issue?.type) {
    case "min_length":
      return `at least ${bound(issue.expected)} ${unit}`;
    case "max_length":
      return `at most ${bound(issue.expected)} ${unit}`;
    case "min_value":
      return `at least ${bound(issue.expected)}`;
    case "max_value":
      return `at most ${bound(issue.expected)}`;
    case "picklist":
    case "enum":
    case "literal":
      return typeof issue.expected === "string" ? `one of ${issue.expected.replace(/[()"]/g, "").replace(/ \| /g, ", ").slice(0, 80)}` : "one of the allowed values";
  }
  return TYPES[issue?.type] ?? (typeof issue?.expected === "string" && /^[a-z]+$/i.test(issue.expected) ? TYPES[issue.expected.toLowerCase()] : undefined) ?? "a valid value";
}

/** fieldSentence says what is wrong with one field: "Name is required." or "Email must be an email address." */
export function fieldSentence(path: string, issue: any, where = "body"): string {
  const missing = (issue?.input === undefined && issue?.kind === "schema") || (issue?.type === "min_length" && issue?.input === "");
  if (!path) return `The request ${where} must be ${missing ? "present" : requirement(issue)}.`;
  return missing ? `${fieldLabel(path)} is required.` : `${fieldLabel(path)} must be ${requirement(issue)}.`;
}

/** fieldErrors lists each invalid field once (its first issue), in the order the issues came. */
export function fieldErrors(issues: readonly any[], where = "body"): FieldError[] {
  const out = new Map<string, FieldError>();
  for (const issue of issues) {
    const field = issuePath(issue);
    if (!out.has(field)) out.set(field, { field, message: fieldSentence(field, issue, where) });
    if (out.size >= MAX_FIELDS) break;
  }
  return [...out.values()];
}
