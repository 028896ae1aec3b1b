DROP INDEX `conversation_inbox`;--> statement-breakpoint
CREATE INDEX `conversation_inbox` ON `conversation` (`workspace_id`,`status`,`updated_at`,`seq`);