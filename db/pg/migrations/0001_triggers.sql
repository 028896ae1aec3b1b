-- The SQLite triggers that keep derived figures (team_daily: 0017; operator_unread: 0020; conversation.last_reply_seq:
-- 0022) and the rows SQLite's migrations seed (signing_key: 0011; message_fts_mark: 0013), on Postgres.
-- Each trigger keeps its SQLite name and fires on the same event, columns and condition (SQLite's `WHEN` is the
-- trigger's `WHEN (...)`, `IS NOT` is `IS DISTINCT FROM`, `internal = 0` is `NOT internal`); its body is a function.
-- note: the FTS triggers are not here: full-text search moves to tsvector in a later migration.
-- note: SQLite runs an AFTER row trigger as each row is written, Postgres at the end of the statement; no trigger
-- here reads what another row of the same statement writes, so the figures come out the same.

-- team_daily_add adds n conversations and total milliseconds to one team_daily cell, the day of created_at (ms).
-- note: a SQL function with positional parameters: in plpgsql, parameters named n or total would clash with the columns.
-- note: bigint / integer truncates toward zero on Postgres as SQLite's integer division does, so the day is the same
-- integer on both even for a time before 1970 (floor() would part from SQLite there: -86400001 ms is day -1, not -2).
CREATE FUNCTION team_daily_add(workspace_id text, created_at bigint, kind text, account_id text, n integer, total bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO team_daily (workspace_id, day, kind, account_id, n, total) VALUES ($1, $2 / 86400000, $3, coalesce($4, ''), $5, $6)
	ON CONFLICT (workspace_id, day, kind, account_id) DO UPDATE SET n = team_daily.n + excluded.n, total = team_daily.total + excluded.total;
$$;
--> statement-breakpoint
CREATE FUNCTION team_first_response_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM team_daily_add(NEW.workspace_id, NEW.created_at, 'first_response', NEW.first_reply_by, 1, NEW.first_reply_at - NEW.created_at);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER team_first_response_insert AFTER INSERT ON conversation FOR EACH ROW WHEN (NEW.first_reply_at IS NOT NULL) EXECUTE FUNCTION team_first_response_insert();
--> statement-breakpoint
CREATE FUNCTION team_first_response_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.first_reply_at IS NOT NULL THEN
		PERFORM team_daily_add(OLD.workspace_id, OLD.created_at, 'first_response', OLD.first_reply_by, -1, -(OLD.first_reply_at - OLD.created_at));
	END IF;
	IF NEW.first_reply_at IS NOT NULL THEN
		PERFORM team_daily_add(NEW.workspace_id, NEW.created_at, 'first_response', NEW.first_reply_by, 1, NEW.first_reply_at - NEW.created_at);
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER team_first_response_update AFTER UPDATE OF first_reply_at, first_reply_by, created_at, workspace_id ON conversation FOR EACH ROW
	WHEN (OLD.first_reply_at IS DISTINCT FROM NEW.first_reply_at OR OLD.first_reply_by IS DISTINCT FROM NEW.first_reply_by OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
	EXECUTE FUNCTION team_first_response_update();
--> statement-breakpoint
CREATE FUNCTION team_first_response_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM team_daily_add(OLD.workspace_id, OLD.created_at, 'first_response', OLD.first_reply_by, -1, -(OLD.first_reply_at - OLD.created_at));
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER team_first_response_delete AFTER DELETE ON conversation FOR EACH ROW WHEN (OLD.first_reply_at IS NOT NULL) EXECUTE FUNCTION team_first_response_delete();
--> statement-breakpoint
CREATE FUNCTION team_resolution_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM team_daily_add(NEW.workspace_id, NEW.created_at, 'resolution', NEW.resolved_by, 1, NEW.resolved_at - NEW.created_at);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER team_resolution_insert AFTER INSERT ON conversation FOR EACH ROW WHEN (NEW.status = 'closed' AND NEW.resolved_at IS NOT NULL) EXECUTE FUNCTION team_resolution_insert();
--> statement-breakpoint
CREATE FUNCTION team_resolution_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.status = 'closed' AND OLD.resolved_at IS NOT NULL THEN
		PERFORM team_daily_add(OLD.workspace_id, OLD.created_at, 'resolution', OLD.resolved_by, -1, -(OLD.resolved_at - OLD.created_at));
	END IF;
	IF NEW.status = 'closed' AND NEW.resolved_at IS NOT NULL THEN
		PERFORM team_daily_add(NEW.workspace_id, NEW.created_at, 'resolution', NEW.resolved_by, 1, NEW.resolved_at - NEW.created_at);
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER team_resolution_update AFTER UPDATE OF status, resolved_at, resolved_by, created_at, workspace_id ON conversation FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.resolved_by IS DISTINCT FROM NEW.resolved_by OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
	EXECUTE FUNCTION team_resolution_update();
--> statement-breakpoint
CREATE FUNCTION team_resolution_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM team_daily_add(OLD.workspace_id, OLD.created_at, 'resolution', OLD.resolved_by, -1, -(OLD.resolved_at - OLD.created_at));
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER team_resolution_delete AFTER DELETE ON conversation FOR EACH ROW WHEN (OLD.status = 'closed' AND OLD.resolved_at IS NOT NULL) EXECUTE FUNCTION team_resolution_delete();
--> statement-breakpoint
-- A customer message in an open conversation is unread for every member (none has seen past the newest message).
CREATE FUNCTION operator_unread_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO operator_unread (conversation_id, operator_ref, workspace_id)
	SELECT c.id, 'user:' || m.user_id, c.workspace_id FROM conversation c JOIN membership m ON m.workspace_id = c.workspace_id
	WHERE c.id = NEW.conversation_id AND c.status = 'open'
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER operator_unread_message AFTER INSERT ON message FOR EACH ROW WHEN (NEW.author_kind = 'customer') EXECUTE FUNCTION operator_unread_message();
--> statement-breakpoint
-- A seen mark at or past the last customer message reads the conversation; marks only move forward.
-- note: one function serves operator_unread_seen_insert and operator_unread_seen_update (SQLite repeats one body).
CREATE FUNCTION operator_unread_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM operator_unread WHERE conversation_id = NEW.conversation_id AND operator_ref = NEW.operator_ref
		AND NOT EXISTS (SELECT 1 FROM message x WHERE x.conversation_id = NEW.conversation_id AND x.author_kind = 'customer' AND x.seq > NEW.message_seq);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER operator_unread_seen_insert AFTER INSERT ON operator_seen FOR EACH ROW EXECUTE FUNCTION operator_unread_seen();
--> statement-breakpoint
CREATE TRIGGER operator_unread_seen_update AFTER UPDATE OF message_seq ON operator_seen FOR EACH ROW EXECUTE FUNCTION operator_unread_seen();
--> statement-breakpoint
-- Only open conversations are kept: closing drops them, reopening counts again what each member has not seen.
CREATE FUNCTION operator_unread_close() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM operator_unread WHERE conversation_id = NEW.id;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER operator_unread_close AFTER UPDATE OF status ON conversation FOR EACH ROW WHEN (OLD.status = 'open' AND NEW.status <> 'open') EXECUTE FUNCTION operator_unread_close();
--> statement-breakpoint
CREATE FUNCTION operator_unread_reopen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO operator_unread (conversation_id, operator_ref, workspace_id)
	SELECT NEW.id, 'user:' || m.user_id, NEW.workspace_id FROM membership m
	WHERE m.workspace_id = NEW.workspace_id AND EXISTS (
		SELECT 1 FROM message x WHERE x.conversation_id = NEW.id AND x.author_kind = 'customer'
			AND x.seq > coalesce((SELECT s.message_seq FROM operator_seen s WHERE s.conversation_id = NEW.id AND s.operator_ref = 'user:' || m.user_id), 0))
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER operator_unread_reopen AFTER UPDATE OF status ON conversation FOR EACH ROW WHEN (OLD.status <> 'open' AND NEW.status = 'open') EXECUTE FUNCTION operator_unread_reopen();
--> statement-breakpoint
-- A new member starts with what it has not seen of the workspace's open conversations (once, when it joins).
CREATE FUNCTION operator_unread_member_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO operator_unread (conversation_id, operator_ref, workspace_id)
	SELECT c.id, 'user:' || NEW.user_id, c.workspace_id FROM conversation c
	WHERE c.workspace_id = NEW.workspace_id AND c.status = 'open' AND EXISTS (
		SELECT 1 FROM message x WHERE x.conversation_id = c.id AND x.author_kind = 'customer'
			AND x.seq > coalesce((SELECT s.message_seq FROM operator_seen s WHERE s.conversation_id = c.id AND s.operator_ref = 'user:' || NEW.user_id), 0))
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER operator_unread_member_insert AFTER INSERT ON membership FOR EACH ROW EXECUTE FUNCTION operator_unread_member_insert();
--> statement-breakpoint
CREATE FUNCTION operator_unread_member_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM operator_unread WHERE operator_ref = 'user:' || OLD.user_id AND workspace_id = OLD.workspace_id;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER operator_unread_member_delete AFTER DELETE ON membership FOR EACH ROW EXECUTE FUNCTION operator_unread_member_delete();
--> statement-breakpoint
-- The newest message a visitor can have unread (public, not the customer's own): a customer message moves the
-- visitor's read mark only when one lies past it.
CREATE FUNCTION conversation_last_reply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE conversation SET last_reply_seq = NEW.seq WHERE id = NEW.conversation_id AND (last_reply_seq IS NULL OR last_reply_seq < NEW.seq);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER conversation_last_reply AFTER INSERT ON message FOR EACH ROW WHEN (NEW.author_kind <> 'customer' AND NOT NEW.internal) EXECUTE FUNCTION conversation_last_reply();
--> statement-breakpoint
-- The attachment signing key, as SQLite's 0011 seeds it (lower(hex(randomblob(32)))): 64 lowercase hex characters.
-- note: gen_random_bytes() needs the pgcrypto extension, which a database may not have nor its user be allowed to
-- create; md5(random()) will not do for a secret (random() is not a cryptographic generator). gen_random_uuid() is
-- built in (Postgres 13+) and draws from the server's strong random source: two give 244 random bits, and sha256()
-- (built in since 11) folds them into 32 bytes, so the key has SQLite's shape and nearly all of its strength.
INSERT INTO signing_key (name, secret) VALUES ('attachment', encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'));
--> statement-breakpoint
-- The full-text index's mark, as SQLite's 0013 seeds it: its one row, at the newest message's seq when migrated.
INSERT INTO message_fts_mark (id, seq) SELECT 1, coalesce(max(seq), 0) FROM message;
