-- The assignee index holds assigned conversations only: a message into an unassigned one moves no entry of it
-- (src/routes/admin/conversations/reader.ts reads Unassigned from the inbox index). SQLite's migration
-- 0025_assigned_only makes the same change.
DROP INDEX "conversation_assignee";--> statement-breakpoint
CREATE INDEX "conversation_assignee" ON "conversation" USING btree ("workspace_id","assignee_id","status","waiting_for_team","updated_at","seq") WHERE "conversation"."assignee_id" IS NOT NULL;
