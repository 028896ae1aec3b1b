ALTER TABLE `conversation` ADD `handler` text;--> statement-breakpoint
ALTER TABLE `conversation` ADD `waiting_for_team` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `conversation` SET `handler` = 'agent' WHERE `agent_id` IS NOT NULL;--> statement-breakpoint
DROP INDEX `conversation_inbox`;--> statement-breakpoint
CREATE INDEX `conversation_inbox` ON `conversation` (`workspace_id`,`status`,`waiting_for_team`,`updated_at`,`seq`);--> statement-breakpoint
ALTER TABLE `message` ADD `sources` text;--> statement-breakpoint
ALTER TABLE `workspace` ADD `ai` text;--> statement-breakpoint
CREATE TABLE `agent_source` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`title` text NOT NULL,
	`url` text,
	`chars` integer NOT NULL,
	`chunks` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agent`(`id`) ON UPDATE no action ON DELETE cascade
);--> statement-breakpoint
CREATE INDEX `agent_source_agent` ON `agent_source` (`agent_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `passage` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`heading` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `agent_source`(`id`) ON UPDATE no action ON DELETE cascade
);--> statement-breakpoint
CREATE INDEX `passage_source` ON `passage` (`source_id`);--> statement-breakpoint
CREATE INDEX `passage_agent` ON `passage` (`agent_id`);--> statement-breakpoint
CREATE VIRTUAL TABLE `passage_fts` USING fts5(`heading`, `text`, content='passage', content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2');--> statement-breakpoint
CREATE TRIGGER `passage_fts_insert` AFTER INSERT ON `passage` BEGIN
	INSERT INTO `passage_fts` (rowid, `heading`, `text`) VALUES (new.`seq`, new.`heading`, new.`text`);
END;--> statement-breakpoint
CREATE TRIGGER `passage_fts_delete` AFTER DELETE ON `passage` BEGIN
	INSERT INTO `passage_fts` (`passage_fts`, rowid, `heading`, `text`) VALUES ('delete', old.`seq`, old.`heading`, old.`text`);
END;
