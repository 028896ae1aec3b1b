ALTER TABLE `message` ADD `attachments` text;--> statement-breakpoint
CREATE TABLE `attachment` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`visitor_id` text,
	`operator_ref` text,
	`message_seq` integer,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_seq`) REFERENCES `message`(`seq`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attachment_conversation` ON `attachment` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `attachment_message` ON `attachment` (`message_seq`) WHERE `message_seq` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `attachment_unsent` ON `attachment` (`created_at`) WHERE `message_seq` IS NULL;--> statement-breakpoint
CREATE TABLE `attachment_blob` (
	`attachment_id` text PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachment`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `signing_key` (
	`name` text PRIMARY KEY NOT NULL,
	`secret` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `signing_key` (`name`, `secret`) VALUES ('attachment', lower(hex(randomblob(32))));
