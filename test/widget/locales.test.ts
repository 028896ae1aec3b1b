// The language tables: one per language, each translating every English string the messenger asks for, with
// the same {slots}, and nothing stale.
import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "bun:test";
import { LANGUAGES } from "../../widget/src/ui/i18n";

const ROOT = new URL("../../widget/", import.meta.url).pathname;
const source = ["src/messenger.ts", ...readdirSync(ROOT + "src/ui").map((f) => "src/ui/" + f)].map((f) => readFileSync(ROOT + f, "utf8")).join("\n");
const asked = new Set([...source.matchAll(/\bt\("((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!));
const table = (lang: string): Record<string, string> => JSON.parse(readFileSync(`${ROOT}locales/${lang}.json`, "utf8"));
const slots = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();

test("there is a table for each language the messenger offers, and no other", () => {
  expect(readdirSync(ROOT + "locales").map((f) => f.replace(".json", "")).sort()).toEqual([...LANGUAGES].sort());
  expect(LANGUAGES).toEqual(expect.arrayContaining(["de", "fr", "es", "pt", "it", "nl", "ja", "ar"]));
});

test.each(LANGUAGES)("%s translates every string the messenger asks for, keeping its {slots}", (lang) => {
  const t = table(lang);
  expect(asked.size).toBeGreaterThan(40);
  for (const key of asked) expect(t[key], `${lang}: "${key}"`).toBeTruthy();
  for (const [key, text] of Object.entries(t)) {
    // note: every key is English text the code holds (some reach t() through a list, such as the CSAT labels).
    expect(source.includes(`"${key}"`), `${lang}: stale key "${key}"`).toBe(true);
    expect(slots(text), `${lang}: "${key}"`).toEqual(slots(key));
    if (lang != "en" && key.length > 12 && !/^\{/.test(key)) expect(text, `${lang}: "${key}" left in English`).not.toBe(key);
  }
  expect(Object.keys(t).sort()).toEqual(Object.keys(table("de")).sort());
});
