-- Heartbeats by when they were seen, across workspaces: a server reads those since its last read at start, and on
-- Postgres each instance every 5 s, the ones the others stored (src/routes/widget/presence/book.ts).
CREATE INDEX `presence_seen` ON `presence` (`last_seen_at`);
