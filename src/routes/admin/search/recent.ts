// The prefix of a search (the word still being typed) matched against the newest messages in
// JavaScript, so a common prefix never makes FTS5 merge the index lists of every word it starts.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../../../db/store";
import { fold, WORD } from "../../../lib/words";

/** RECENT_WINDOW is how many of the newest candidate messages one search reads before it gives up on them. */
export const RECENT_WINDOW = 2000;
const PAGE = 250;

const LETTER = /[\p{L}\p{N}]/u;

// note: a letter outside the BMP (𝐀) is two UTF-16 units; testing the low one alone finds no letter.
const charBefore = (s: string, at: number) => {
  const low = s.charCodeAt(at - 1);
  return at >= 2 && low >= 0xdc00 && low <= 0xdfff ? s.slice(at - 2, at) : s[at - 1]!;
};

/** startsWord tells whether some word of the text starts with the folded prefix. */
export function startsWord(text: string, prefix: string): boolean {
  // note: folded once per text; a match counts where no letter or digit comes before it.
  const folded = fold(text);
  for (let at = folded.indexOf(prefix); at !== -1; at = folded.indexOf(prefix, at + 1)) {
    if (at === 0 || !LETTER.test(charBefore(folded, at))) return true;
  }
  return false;
}

/** textSnippet cuts about 16 words of the text around the first word that starts with one of `prefixes`
 *  (folded), wrapping each such word in the open and close markers, with an ellipsis where it was cut. */
export function textSnippet(text: string, prefixes: string[], open: string, close: string): string {
  const words = [...text.matchAll(WORD)];
  const hit = (w: string) => prefixes.some((p) => fold(w).startsWith(p));
  const first = Math.max(0, words.findIndex((m) => hit(m[0])));
  const from = Math.max(0, Math.min(first - 4, words.length - 16));
  const to = Math.min(words.length, from + 16);
  if (words.length === 0) return text.slice(0, 200);
  // note: as FTS5's snippet(), the text before the first word and after the last is kept when the cut reaches them.
  let out = from > 0 ? "…" : "";
  let at = from > 0 ? words[from]!.index! : 0;
  for (const m of words.slice(from, to)) {
    out += text.slice(at, m.index) + (hit(m[0]) ? open + m[0] + close : m[0]);
    at = m.index! + m[0].length;
  }
  return out + (to < words.length ? "…" : text.slice(at));
}

/** recentMatches reads the newest RECENT_WINDOW candidates (messages matching `whole`, an FTS5 query
 *  of the finished words, or when null the newest messages) in the scope, newest first, and keeps the
 *  seqs of at most `limit` whose text has a word starting with `prefix`; `complete` is false when the
 *  window ran out first, so older matches may exist. */
export async function recentMatches(db: Db, whole: string | null, prefix: string, inScope: SQL, limit: number): Promise<{ seqs: number[]; complete: boolean }> {
  // note: read in pages, newest first, so a common prefix stops after its first page; without finished
  // words the candidates are the newest messages by seq (the rowid), a bounded range read.
  const page = async (below: number) =>
    whole
      ? await db.all<{ seq: number; body: string }>(sql`
          select m.seq as seq, m.body as body from message_fts join message m on m.seq = message_fts.rowid
          where message_fts match ${whole} and message_fts.rowid < ${below} and m.workspace_id in (${inScope}) order by message_fts.rowid desc limit ${PAGE}`)
      : await db.all<{ seq: number; body: string }>(sql`
          select seq, body from message where seq < ${below} and seq >= ${below - PAGE} and workspace_id in (${inScope}) order by seq desc`);
  const seqs: number[] = [];
  let below = whole ? Number.MAX_SAFE_INTEGER : ((await db.all<{ top: number | null }>(sql`select max(seq) as top from message`))[0]?.top ?? 0) + 1;
  for (let read = 0; read < RECENT_WINDOW; read += PAGE) {
    const rows = await page(below);
    for (const r of rows) {
      if (!startsWord(r.body, prefix)) continue;
      seqs.push(r.seq);
      if (seqs.length === limit) return { seqs, complete: true };
    }
    // note: a short page of FTS candidates means every candidate was read: the matches found are all there are.
    if (whole && rows.length < PAGE) return { seqs, complete: true };
    below = whole ? rows.at(-1)!.seq : below - PAGE;
    if (below <= 1) return { seqs, complete: true };
  }
  return { seqs, complete: false };
}
