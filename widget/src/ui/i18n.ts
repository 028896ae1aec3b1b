// The messenger's language: English is built in (the strings in the code are the keys); any other is one table
// per language (widget/locales/<lang>.json), fetched from the server when the visitor's language needs it.

/** LANGUAGES are the languages with a table besides English; RTL are those written right to left. */
export const LANGUAGES = ["de", "fr", "es", "pt", "it", "nl", "ja", "ar"];
const RTL = ["ar"];

let table: Record<string, string> = {};
let current = "en";
let tag = "en";

/** t is an English UI string in the visitor's language, with {name} slots filled. */
export const t = (en: string, slots: Record<string, string> = {}) => (table[en] || en).replace(/\{(\w+)\}/g, (_, k) => slots[k] ?? "");

/** lang is the BCP 47 tag dates and times are formatted in (the session's locale, or the browser's). */
export const lang = () => tag;

/** rtl tells whether the current language is written right to left. */
export const rtl = () => RTL.includes(current);

/** language loads the table for a locale (English when it has none, or when the table cannot be fetched) and
 *  answers whether the language changed. */
export async function language(locale: string, base: string): Promise<boolean> {
  const want = locale.split("-")[0]!.toLowerCase();
  const next = LANGUAGES.includes(want) ? want : "en";
  tag = locale;
  if (next == current) return false;
  try {
    table = next == "en" ? {} : await (await fetch(new URL(`widget-locales/${next}.json`, base))).json();
    current = next;
  } catch {
    // note: a table that cannot be fetched leaves the messenger in English rather than without words.
    table = {};
    current = "en";
  }
  return true;
}
