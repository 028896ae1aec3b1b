// Retrieval over an agent's passages on Postgres: the words of passage_words (migration 0004_passage_search), scored
// with BM25 as FTS5's bm25() scores them on SQLite.
import { sql } from "drizzle-orm";
import type { Db } from "../../db/store";
import { best, CANDIDATES, questionTerms, weigh, type Hit, type Retriever, type ScoredPassage } from "./retriever";

// note: FTS5's bm25() constants, and the column weights SqliteRetriever gives it (heading 1.5, text 1.0).
const K1 = 1.2;
const B = 0.75;
const HEADING = 1.5;
const TEXT = 1.0;

/**
 * PostgresRetriever searches passage_words and computes BM25 itself, with FTS5's formula: a word's frequency in a
 * passage is its weighted count of positions (heading 1.5, text 1.0), a passage's length is its stored number of
 * words, and the rarity of words, the number of passages and their average length are the asking agent's own, so
 * another agent's sources change nothing in what it finds nor in its scores. The score is normalized as on SQLite
 * (src/agents/retriever.ts), so MATCH_THRESHOLD means the same on either engine.
 */
export class PostgresRetriever implements Retriever {
  constructor(private db: Db) {}

  async search(agentId: string, question: string, limit: number): Promise<ScoredPassage[]> {
    const terms = questionTerms(question);
    if (terms.length === 0) return [];
    // note: each word is read as a passage's words are (passage_words_text, then the passage_english configuration);
    // one that leaves no lexeme could match nothing, so it is neither searched nor weighed. The words' queries are
    // made once (materialized), not again for each passage they are tested on.
    const counted = await this.db.all<{ ord: number; nodes: number; n: number; total: number; avgdl: number | null }>(sql`
      with a as (select count(*) as total, avg(length)::float8 as avgdl from passage_words where agent_id = ${agentId}),
      t as materialized (
        select ord, plainto_tsquery('passage_english', passage_words_text(term)) as query
        from json_array_elements_text(${JSON.stringify(terms)}::json) with ordinality as t(term, ord))
      select t.ord as "ord", numnode(t.query) as "nodes", a.total as "total", a.avgdl as "avgdl",
        case when numnode(t.query) = 0 or a.total = 0 then 0
          else (select count(*) from passage_words w where w.agent_id = ${agentId} and w.words @@ t.query) end as "n"
      from t cross join a order by t.ord`);
    const total = counted[0]?.total ?? 0;
    if (total === 0) return [];
    const { weight, searched } = weigh(
      counted.filter((c) => c.nodes > 0).map((c) => ({ term: terms[c.ord - 1]!, n: c.n })),
      total,
    );
    if (searched.length === 0) return [];
    // note: as on SQLite, the candidates are the agent's best passages for all the words together and for each word
    // alone (a one-word BM25 orders passages the same whatever the word's rarity); every passage of the agent holding
    // a word is scored to rank them, as FTS5 does to order by bm25(), but only the candidates' scores come back. A
    // word's positions (tf) are read without unnesting every word of the passage: setweight marks the word's own B (a
    // passage's words are weighted A, heading, and D, text, only) and ts_filter keeps those; its heading ones are few.
    const words = JSON.stringify(searched.map((s, i) => ({ ord: i, term: s.term, idf: s.idf })));
    const hits = await this.db.all<Hit>(sql`
      with t as materialized (
        select ord, idf, plainto_tsquery('passage_english', passage_words_text(term)) as query,
          tsvector_to_array(to_tsvector('passage_english', passage_words_text(term))) as lexemes
        from json_to_recordset(${words}::json) as t(ord integer, term text, idf float8)),
      found as materialized (
        select t.ord, t.idf, w.seq, w.length,
          (select coalesce(sum(cardinality(u.positions)), 0) from unnest(ts_filter(setweight(w.words, 'B', t.lexemes), '{b}')) u) as tf,
          (select coalesce(sum(cardinality(u.positions)), 0) from unnest(ts_filter(w.words, '{a}')) u where u.lexeme = any(t.lexemes)) as tf_heading
        from t join passage_words w on w.agent_id = ${agentId} and w.words @@ t.query),
      hit as materialized (
        select ord, seq, idf * freq * (${K1}::float8 + 1) / (freq + ${K1}::float8 * (1 - ${B}::float8 + ${B}::float8 * length / ${counted[0]!.avgdl || 1}::float8)) as bm25
        from found cross join lateral (select ${TEXT}::float8 * (tf - tf_heading) + ${HEADING}::float8 * tf_heading as freq) f),
      picked as (
        select seq from (select seq, row_number() over (partition by ord order by bm25 desc, seq) as r from hit) e where r <= ${limit * CANDIDATES}
        union
        select seq from (select seq from hit group by seq order by sum(bm25) desc, seq limit ${limit * CANDIDATES}) a)
      select hit.seq as "seq", hit.bm25 as "bm25" from hit join picked on picked.seq = hit.seq`);
    return best(this.db, hits, searched.length, weight, limit);
  }
}
