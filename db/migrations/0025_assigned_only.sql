-- The assignee index holds assigned conversations only: a message into an unassigned one moves no entry of it
-- (src/routes/admin/conversations/reader.ts reads Unassigned from the inbox index).
DROP INDEX `conversation_assignee`;--> statement-breakpoint
CREATE INDEX `conversation_assignee` ON `conversation` (`workspace_id`,`assignee_id`,`status`,`waiting_for_team`,`updated_at`,`seq`) WHERE `assignee_id` IS NOT NULL;
