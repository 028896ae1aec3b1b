-- Heartbeats by when they were seen, across workspaces: each instance reads every 5 s the ones the others stored since
-- its last read (src/routes/widget/presence/book.ts). SQLite's migration 0024_presence_seen makes the same index.
CREATE INDEX "presence_seen" ON "presence" USING btree ("last_seen_at");
