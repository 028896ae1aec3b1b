ALTER TABLE `conversation` ADD `assignee_id` text REFERENCES `user`(`id`) ON DELETE SET NULL;--> statement-breakpoint
CREATE INDEX `conversation_assignee` ON `conversation` (`workspace_id`,`assignee_id`,`status`,`waiting_for_team`,`updated_at`,`seq`);--> statement-breakpoint
CREATE TABLE `operator_seen` (
	`conversation_id` text NOT NULL,
	`operator_ref` text NOT NULL,
	`message_seq` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `operator_ref`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `conversation` ADD `snoozed_until` integer;--> statement-breakpoint
CREATE TABLE `conversation_tag` (
	`conversation_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`conversation_id`, `tag`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;--> statement-breakpoint
CREATE INDEX `conversation_tag_workspace` ON `conversation_tag` (`workspace_id`,`tag`);
--> statement-breakpoint
ALTER TABLE `conversation` ADD `first_reply_at` integer;--> statement-breakpoint
ALTER TABLE `conversation` ADD `first_reply_by` text;--> statement-breakpoint
ALTER TABLE `conversation` ADD `resolved_at` integer;--> statement-breakpoint
ALTER TABLE `conversation` ADD `resolved_by` text;
