-- Agents' passage search on Postgres (SQLite's is the FTS5 table passage_fts, migration 0004_agents).
-- passage_words holds each passage's words as one tsvector, the heading's weighted A and the text's D (so one GIN index
-- finds the passages holding a word, and a word's positions say in which column it stands: BM25 weighs the heading
-- 1.5, the text 1.0), with the passage's length in words and its agent. src/agents/postgres-retriever.ts computes BM25
-- from them as FTS5's bm25() does, every figure over the asking agent's passages only.
-- Words are found as FTS5's tokenizer (porter unicode61 remove_diacritics 2) finds them, as near as Postgres's built-in
-- parts go: passage_words_text splits at punctuation as unicode61 does (so "two-factor", "docs.acme.example" and
-- "bob@acme.example" are their words, not one token) and strips accents from Latin letters as remove_diacritics 2
-- does; the passage_english text search configuration then lowercases and stems with Snowball, Porter's successor.
-- A question's words go through the same function and configuration.
-- note: one tsvector rather than one per column, so that one GIN index and one @@ find a word in either; weights B and
-- C stay unused, since the retriever marks a word's own positions B to read them out quickly.
-- note: a passage's heading and text never change once written, so the words are written once, by a trigger on
-- insert, and go with the passage through the foreign key's cascade.

CREATE TABLE "passage_words" (
	"seq" bigint PRIMARY KEY NOT NULL REFERENCES "passage"("seq") ON DELETE CASCADE,
	"agent_id" text NOT NULL,
	"words" tsvector NOT NULL,
	"length" integer NOT NULL
);
--> statement-breakpoint
-- passage_english is Postgres's `english` configuration with a Snowball stemmer that keeps stop words: FTS5 keeps
-- every word, so "about" or "other" in a question is searched and weighed, and counts for the two-word rule, on either
-- engine.
CREATE TEXT SEARCH DICTIONARY passage_english_stem (TEMPLATE = snowball, LANGUAGE = english);
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION passage_english (COPY = english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION passage_english ALTER MAPPING REPLACE english_stem WITH passage_english_stem;
--> statement-breakpoint
-- passage_words_text is text as the index reads it: punctuation made spaces, the accents of letters that are one ASCII
-- letter with accents dropped (é ấ Ǖ → e a U), as are loose combining marks.
-- note: the separators are spelled out rather than [^[:alnum:]]: under the C locale a regular expression counts only
-- ASCII letters as alphanumeric, and would cut "café" in two. Letters whose accents unicode61 leaves on (ø ł đ ß æ,
-- й ё ά) stay whole: decomposed, only the marks right after an ASCII letter go, and the rest is composed again. Text
-- of ASCII alone (most of it) is not normalized at all, nor is text in a database not in UTF-8 (where normalize()
-- fails), whose accents stay.
CREATE FUNCTION passage_words_text(text) RETURNS text LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
	SELECT regexp_replace(
		CASE WHEN octet_length($1) = length($1) OR current_setting('server_encoding') <> 'UTF8' THEN $1
			ELSE regexp_replace(normalize(regexp_replace(normalize($1, NFD), '([A-Za-z])[\u0300-\u036f]+', '\1', 'g'), NFC), '[\u0300-\u036f]+', '', 'g') END,
		'[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\xa9\xab-\xb1\xb4\xb6-\xb8\xbb\xbf\xd7\xf7\u2000-\u206f\u3000-\u3003]+', ' ', 'g');
$$;
--> statement-breakpoint
-- passage_words_of is a passage's words (heading A, text D) and its length: how many words FTS5 would count in it,
-- stop words included (token 12 of the default parser is the blank between words).
-- note: a heading is one line of its source and may be the whole 1 MiB of it, while Postgres keeps at most 1 MB of
-- words in a tsvector and positions up to 16 383; only a heading's first 1 000 characters are indexed (a passage's text
-- is at most about 1 800, src/agents/text.ts).
CREATE FUNCTION passage_words_of(heading text, body text, OUT words tsvector, OUT length integer) LANGUAGE sql STABLE STRICT AS $$
	SELECT setweight(to_tsvector('passage_english', h), 'A') || to_tsvector('passage_english', b),
		(SELECT count(*)::integer FROM ts_parse('default', h || ' ' || b) WHERE tokid <> 12)
	FROM (SELECT passage_words_text(left(heading, 1000)) AS h, passage_words_text(body) AS b) t;
$$;
--> statement-breakpoint
-- One statement's new passages (a source's, 200 at a time) are indexed by one insert.
CREATE FUNCTION passage_words_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO passage_words (seq, agent_id, words, length)
	SELECT p.seq, p.agent_id, w.words, w.length FROM added p CROSS JOIN LATERAL passage_words_of(p.heading, p.text) w;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
-- note: the trigger comes before the backfill: creating it locks passage against writes until this migration commits,
-- so a passage is either already there for the backfill or written after, through the trigger.
CREATE TRIGGER passage_words_insert AFTER INSERT ON passage REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION passage_words_insert();
--> statement-breakpoint
INSERT INTO passage_words (seq, agent_id, words, length)
SELECT p.seq, p.agent_id, w.words, w.length FROM passage p CROSS JOIN LATERAL passage_words_of(p.heading, p.text) w;
--> statement-breakpoint
-- note: fastupdate off: passages are written seldom and searched on every question, and a search reads through every
-- entry still waiting in a GIN index's pending list (until a vacuum merges them): 10 000 passages just written were
-- searched four times slower than once merged.
CREATE INDEX "passage_words_search" ON "passage_words" USING gin ("words") WITH (fastupdate = off);
--> statement-breakpoint
-- note: an agent's passage count and average length, which every question reads, come from this index alone.
CREATE INDEX "passage_words_agent" ON "passage_words" ("agent_id") INCLUDE ("length");
