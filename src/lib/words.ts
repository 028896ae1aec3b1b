// Words as search sees them: SQLite's unicode61 tokenizer (remove_diacritics 2) splits and folds them inside FTS5;
// on Postgres the application does the same here, so a search finds the same words on either engine.

// note: most text is plain ASCII, which has no accents to strip; normalizing it is most of the cost.
const ASCII = /^[\x00-\x7f]*$/;

// note: unicode61 remove_diacritics 2 strips accents from Latin letters only when the rest is one ASCII
// letter (é ấ → e a); precomposed й ё ά, Hangul syllables and ł ø đ ß æ œ ħ ı stay whole ("lod" finds
// "Łódź" in neither; checked on bun:sqlite 3.54 and node:sqlite 3.53); loose combining marks are dropped.
const LATIN = /[\u00c0-\u024f\u1e00-\u1eff]/g;
const unaccent = (ch: string) => {
  const base = ch.normalize("NFD").replace(/\p{M}/gu, "");
  return base.length === 1 && base < "\x80" ? base : ch;
};

/** fold lowercases a word and strips its accents, as the index's tokenizer does. */
export const fold = (w: string) => (ASCII.test(w) ? w : w.replace(LATIN, unaccent).replace(/\p{M}/gu, "")).toLowerCase();

/** WORD matches one word: a run of letters and digits. */
export const WORD = /[\p{L}\p{N}]+/gu;

// note: Postgres refuses a lexeme of 2 KB or more; a word this long (4 bytes a character at most) is no word anyone types.
const LONGEST = 500;

/** searchWords are the distinct folded words of a text, as a search index keeps them. */
export function searchWords(text: string): string[] {
  return [...new Set(fold(text).match(WORD) ?? [])].filter((w) => w.length <= LONGEST);
}
