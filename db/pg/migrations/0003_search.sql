-- Full-text search on Postgres (SQLite's is FTS5: message_fts and conversation_fts, migrations 0007 and 0013).
-- The application splits and folds the words (src/domain/search-index.ts: lowercase, Latin accents stripped, as
-- SQLite's unicode61 tokenizer with remove_diacritics 2 does), so a search finds the same words on either engine; the
-- words are kept here as tsvectors, which a GIN index finds by word or by prefix.
-- note: a row waits for the indexer while its version is ahead of its indexed version; a trigger moves the version on
-- every change the words depend on, so an indexer that read a row before that change never marks it done.

CREATE TABLE "message_words" (
	"seq" bigint PRIMARY KEY NOT NULL REFERENCES "message"("seq") ON DELETE CASCADE,
	"version" bigint DEFAULT 1 NOT NULL,
	"indexed" bigint DEFAULT 0 NOT NULL,
	"words" tsvector DEFAULT ''::tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "message_words_search" ON "message_words" USING gin ("words");
--> statement-breakpoint
CREATE INDEX "message_words_waiting" ON "message_words" ("seq") WHERE "indexed" < "version";
--> statement-breakpoint
INSERT INTO "message_words" ("seq") SELECT "seq" FROM "message";
--> statement-breakpoint
CREATE FUNCTION message_words_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO message_words (seq) VALUES (NEW.seq) ON CONFLICT (seq) DO UPDATE SET version = message_words.version + 1;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER message_words_insert AFTER INSERT ON message FOR EACH ROW EXECUTE FUNCTION message_words_queue();
--> statement-breakpoint
CREATE TRIGGER message_words_update AFTER UPDATE OF body ON message FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION message_words_queue();
--> statement-breakpoint

-- A conversation's words: its people (visitor's and contact's names and emails) and its fields, each kept as text
-- too, for the snippet a hit shows.
CREATE TABLE "conversation_words" (
	"conversation_id" text PRIMARY KEY NOT NULL REFERENCES "conversation"("id") ON DELETE CASCADE,
	"version" bigint DEFAULT 1 NOT NULL,
	"indexed" bigint DEFAULT 0 NOT NULL,
	"who" text DEFAULT '' NOT NULL,
	"fields" text DEFAULT '' NOT NULL,
	"who_words" tsvector DEFAULT ''::tsvector NOT NULL,
	"field_words" tsvector DEFAULT ''::tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "conversation_words_who" ON "conversation_words" USING gin ("who_words");
--> statement-breakpoint
CREATE INDEX "conversation_words_fields" ON "conversation_words" USING gin ("field_words");
--> statement-breakpoint
CREATE INDEX "conversation_words_waiting" ON "conversation_words" ("conversation_id") WHERE "indexed" < "version";
--> statement-breakpoint
INSERT INTO "conversation_words" ("conversation_id") SELECT "id" FROM "conversation";
--> statement-breakpoint
-- conversation_words_queue moves the version of the conversations named (new rows are inserted waiting).
CREATE FUNCTION conversation_words_queue(ids text[]) RETURNS void LANGUAGE sql AS $$
	INSERT INTO conversation_words (conversation_id) SELECT unnest($1) ON CONFLICT (conversation_id) DO UPDATE SET version = conversation_words.version + 1;
$$;
--> statement-breakpoint
CREATE FUNCTION conversation_words_conversation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM conversation_words_queue(ARRAY[NEW.id]);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER conversation_words_insert AFTER INSERT ON conversation FOR EACH ROW EXECUTE FUNCTION conversation_words_conversation();
--> statement-breakpoint
CREATE TRIGGER conversation_words_update AFTER UPDATE OF fields, ticket_fields, contact_id ON conversation FOR EACH ROW
	WHEN (OLD.fields IS DISTINCT FROM NEW.fields OR OLD.ticket_fields IS DISTINCT FROM NEW.ticket_fields OR OLD.contact_id IS DISTINCT FROM NEW.contact_id)
	EXECUTE FUNCTION conversation_words_conversation();
--> statement-breakpoint
CREATE FUNCTION conversation_words_visitor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM conversation_words_queue(ARRAY(SELECT id FROM conversation WHERE visitor_id = NEW.id));
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER conversation_words_visitor AFTER UPDATE OF name, email, contact_id ON visitor FOR EACH ROW
	WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email OR OLD.contact_id IS DISTINCT FROM NEW.contact_id)
	EXECUTE FUNCTION conversation_words_visitor();
--> statement-breakpoint
CREATE FUNCTION conversation_words_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM conversation_words_queue(ARRAY(
		SELECT id FROM conversation WHERE contact_id = NEW.id
		UNION SELECT c.id FROM conversation c JOIN visitor v ON v.id = c.visitor_id WHERE v.contact_id = NEW.id));
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER conversation_words_contact AFTER UPDATE OF name, email ON contact FOR EACH ROW
	WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
	EXECUTE FUNCTION conversation_words_contact();
