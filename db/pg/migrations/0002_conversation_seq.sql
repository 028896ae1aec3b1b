-- A new conversation's seq comes from a sequence on Postgres (SQLite takes max(seq) + 1 under its one writer): every
-- new conversation reading max(seq) would conflict with every other one being made at once.
-- note: a conversation's seq only orders the inbox (newest activity, then seq); a gap left by a rolled back
-- transaction changes nothing.
CREATE SEQUENCE IF NOT EXISTS "conversation_seq";
--> statement-breakpoint
SELECT setval('conversation_seq', coalesce((SELECT max("seq") FROM "conversation"), 0) + 1, false);
