-- The assignee index holds assigned conversations only: a message into an unassigned one moves no entry of it.
-- Unassigned reads the inbox index instead (src/routes/admin/conversations/reader.ts), which ends with the assignee.
-- SQLite's migration 0025_assigned_only makes the same change.
DROP INDEX "conversation_assignee";--> statement-breakpoint
CREATE INDEX "conversation_assignee" ON "conversation" USING btree ("workspace_id","assignee_id","status","waiting_for_team","updated_at","seq") WHERE "conversation"."assignee_id" IS NOT NULL;--> statement-breakpoint
DROP INDEX "conversation_inbox";--> statement-breakpoint
CREATE INDEX "conversation_inbox" ON "conversation" USING btree ("workspace_id","status","waiting_for_team","updated_at","seq","assignee_id");
