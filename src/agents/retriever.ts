// Retrieval over an agent's passages: what both engines share (the question's words, BM25's rarity, the two-word
// rule, the normalized score) and SQLite's retriever, over FTS5 with the Porter stemmer.
import { sql } from "drizzle-orm";
import type { Db } from "../../db/store";

/** ScoredPassage is a passage found for a question, with its normalized score (0 to 1). */
export interface ScoredPassage {
  seq: number;
  sourceId: string;
  title: string;
  url: string | null;
  heading: string;
  text: string;
  score: number;
}

/** Retriever finds an agent's best passages for a question; another store implements the same. */
export interface Retriever {
  search(agentId: string, question: string, limit: number): Promise<ScoredPassage[]>;
}

/**
 * MATCH_THRESHOLD is the normalized score below which a passage does not answer a question.
 * note: tuned on test/fixtures/docs (see the README): the questions those pages answer score
 * 0.55 and more, on SQLite and on Postgres; the ones they do not answer share at most one word with a passage and
 * are dropped by the two-word rule before any score is looked at.
 */
export const MATCH_THRESHOLD = 0.4;

/** CANDIDATES times the passages asked for are taken as candidates from each ranking (all the words, each word). */
export const CANDIDATES = 5;

// note: words that carry no meaning in a support question; FTS5 has no stop-word list of its own.
const STOP = new Set(
  "a an and are as at be been but by can could do does did for from had has have how i i'm if in into is it its it's me my of on or our please so that the their them then there these they this to up us was we what when where which who why will with would you your yours hi hello hey thanks thank ok okay yes no not any some there get got need want know tell".split(
    " ",
  ),
);

/** questionTerms are the words of a question worth searching for (at most 24, lowercase, no stop words). */
export function questionTerms(question: string): string[] {
  const words = question.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
  return [...new Set(words.filter((w) => w.length > 1 && !STOP.has(w)).map((w) => w.replace(/'.*$/, "")))].slice(0, 24);
}

// note: the same inverse document frequency FTS5's bm25() uses, so the two can be divided.
const idf = (n: number, total: number) => Math.max(1e-6, Math.log((total - n + 0.5) / (n + 0.5)));

/** weigh weighs the question's words, each with n, how many of the agent's total passages hold it: it answers their
 *  summed rarity (what a score is divided by) and the words to search, each with its rarity. */
export function weigh<W extends { n: number }>(words: W[], total: number): { weight: number; searched: (W & { idf: number })[] } {
  let weight = 0;
  const searched: (W & { idf: number })[] = [];
  for (const w of words) {
    weight += idf(w.n, total);
    // note: a word in most passages weighs nothing in bm25 (its idf is clamped to 1e-6), but
    // ranking its long list costs time, so in a sizeable set of passages it is left out of the search.
    if (!(total >= 50 && w.n > total / 2)) searched.push({ ...w, idf: idf(w.n, total) });
  }
  return { weight, searched };
}

/** Hit is one searched word found in one candidate passage, with what that word adds to the passage's BM25 among the
 *  agent's passages. */
export interface Hit {
  seq: number;
  bm25: number;
}

/** best keeps the candidates that share enough of the question's searched words, best first (ties: the older passage),
 *  and reads the first `limit` with their scores divided by the question's weight. */
export async function best(db: Db, hits: Hit[], searched: number, weight: number, limit: number): Promise<ScoredPassage[]> {
  const matched = new Map<number, number>();
  const bm25 = new Map<number, number>();
  for (const h of hits) {
    matched.set(h.seq, (matched.get(h.seq) ?? 0) + 1);
    bm25.set(h.seq, (bm25.get(h.seq) ?? 0) + h.bm25);
  }
  // note: a question of two words or more must share two of them with a passage, so one rare
  // word in common ("phone" in "What is your phone number?") does not pass for an answer.
  const need = Math.min(2, searched);
  const scoreOf = (seq: number) => bm25.get(seq) ?? 0;
  const kept = [...matched.keys()]
    .filter((seq) => matched.get(seq)! >= need)
    .sort((a, b) => scoreOf(b) - scoreOf(a) || a - b)
    .slice(0, limit);
  if (kept.length === 0) return [];
  const rows = await db.all<Omit<ScoredPassage, "score">>(sql`
    select p.seq as seq, p.source_id as "sourceId", s.title as title, s.url as url, p.heading as heading, p.text as text
    from passage p join agent_source s on s.id = p.source_id
    where p.seq in (${sql.join(kept.map((seq) => sql`${seq}`), sql`, `)})`);
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  // note: a passage whose source was removed since it was scored is left out.
  return kept.flatMap((seq) => {
    const row = bySeq.get(seq);
    return row ? [{ ...row, score: Math.min(1, Math.round((scoreOf(seq) / weight) * 1000) / 1000) }] : [];
  });
}

// note: FTS5 keeps the number of rows it has indexed as the first varint of its averages record (rowid 1 of
// the %_data table); bm25() weighs words by it, so reading it lets that weight be divided out exactly. It is read
// there, in one row, rather than counted: counting every passage on each question would scan the whole table.
async function indexedRows(db: Db): Promise<number> {
  const block = (await db.all<{ block: Uint8Array }>(sql`select block from passage_fts_data where id = 1`))[0]?.block;
  let n = 0;
  for (let i = 0; block && i < 9 && i < block.length; i++) {
    if (i === 8) return n * 256 + block[i]!;
    n = n * 128 + (block[i]! & 0x7f);
    if (block[i]! < 0x80) break;
  }
  return n;
}

/**
 * SqliteRetriever searches the passage_fts table. BM25 weights the question's words by rarity;
 * dividing by the summed rarity of the question's words turns it into "how much of what the
 * question asks about this passage covers", so one threshold means the same for every corpus.
 * Rarity is counted over the asking agent's own passages, and the candidates scored are each word's best passages
 * of the agent, so another agent's (or workspace's) sources change neither which passages are weighed nor how
 * rare a word is; they touch only BM25's average passage length, which is the whole index's.
 */
export class SqliteRetriever implements Retriever {
  constructor(private db: Db) {}

  async search(agentId: string, question: string, limit: number): Promise<ScoredPassage[]> {
    const terms = questionTerms(question);
    if (terms.length === 0) return [];
    const total = Number((await this.db.all<{ n: number }>(sql`select count(*) as n from passage where agent_id = ${agentId}`))[0]?.n ?? 0);
    if (total === 0) return [];
    const indexed = await indexedRows(this.db);
    // words: the words looked for, each with the agent's count of it and the whole index's rarity, which bm25() used
    const words: { q: string; n: number; index: number }[] = [];
    for (const term of terms) {
      const q = `"${term.replace(/"/g, "")}"`;
      // note: when every indexed passage is this agent's (one agent on the server), its count is the index's own,
      // with no look-up of each match's agent.
      const [c] =
        indexed === total
          ? await this.db.all<{ all: number; own: number | null }>(sql`select count(*) as "all", count(*) as own from passage_fts where passage_fts match ${q}`)
          : await this.db.all<{ all: number; own: number | null }>(
              sql`select count(*) as "all", sum(p.agent_id = ${agentId}) as own from passage_fts join passage p on p.seq = passage_fts.rowid where passage_fts match ${q}`,
            );
      words.push({ q, n: Number(c?.own ?? 0), index: idf(Number(c?.all ?? 0), indexed) });
    }
    const { weight, searched } = weigh(words, total);
    if (searched.length === 0) return [];
    // note: the candidates are this agent's best passages for all the words together (as FTS5's index-wide bm25()
    // ranks them: a passage with several of the words comes first) and for each word alone. A one-word bm25() orders
    // passages the same whatever the word's rarity, so a word common in another workspace's sources (weighing
    // nothing in the index's bm25) cannot push this agent's passages that have it out of the running.
    const candidates = new Set<number>();
    for (const q of new Set([searched.map((t) => t.q).join(" OR "), ...searched.map((t) => t.q)])) {
      for (const { seq } of await this.db.all<{ seq: number }>(sql`
        select p.seq as seq, bm25(passage_fts, 1.5, 1.0) as rank from passage_fts join passage p on p.seq = passage_fts.rowid
        where passage_fts match ${q} and p.agent_id = ${agentId}
        order by rank limit ${limit * CANDIDATES}`))
        candidates.add(seq);
    }
    if (candidates.size === 0) return [];
    const seqs = sql.join([...candidates].map((seq) => sql`${seq}`), sql`, `);
    const hits: Hit[] = [];
    for (const t of searched) {
      for (const { seq, rank } of await this.db.all<{ seq: number; rank: number }>(
        sql`select rowid as seq, bm25(passage_fts, 1.5, 1.0) as rank from passage_fts where passage_fts match ${t.q} and rowid in (${seqs})`,
      )) {
        // note: a one-word bm25() is that word's index-wide rarity times what this passage makes of it;
        // swapping the rarity for the agent's own gives the passage's score among the agent's passages alone.
        hits.push({ seq, bm25: (-rank / t.index) * t.idf });
      }
    }
    return best(this.db, hits, searched.length, weight, limit);
  }
}
