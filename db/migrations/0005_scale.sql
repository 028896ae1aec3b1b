DROP INDEX `message_client`;--> statement-breakpoint
CREATE UNIQUE INDEX `message_client` ON `message` (`visitor_id`,`client_id`) WHERE `client_id` IS NOT NULL;--> statement-breakpoint
DROP INDEX `conversation_visitor`;--> statement-breakpoint
CREATE INDEX `conversation_visitor` ON `conversation` (`visitor_id`);--> statement-breakpoint
DROP INDEX `conversation_contact`;--> statement-breakpoint
CREATE INDEX `conversation_contact` ON `conversation` (`contact_id`) WHERE `contact_id` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `conversation_started` ON `conversation` (`workspace_id`,`created_at`);--> statement-breakpoint
DROP INDEX `event_workspace`;--> statement-breakpoint
CREATE INDEX `event_workspace` ON `event` (`workspace_id`,`at`,`type`);--> statement-breakpoint
CREATE TABLE `daily_count` (
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`day` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`, `kind`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `daily_count` (`workspace_id`, `kind`, `day`, `n`)
	SELECT `workspace_id`, `type`, `at` / 86400000, count(*) FROM `event` GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `daily_count` (`workspace_id`, `kind`, `day`, `n`)
	SELECT `workspace_id`, 'conversations', `created_at` / 86400000, count(*) FROM `conversation` GROUP BY 1, 2, 3;
