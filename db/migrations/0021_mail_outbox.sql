-- Operator notices and password reset mails the SMTP server did not take are kept and tried again, as reply batches are.
ALTER TABLE `password_reset` ADD `mail_due_at` integer;--> statement-breakpoint
ALTER TABLE `password_reset` ADD `mail_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `password_reset_mail_due` ON `password_reset` (`mail_due_at`);--> statement-breakpoint
CREATE TABLE `mail_notice` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`due_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_notice_due` ON `mail_notice` (`due_at`);
--> statement-breakpoint
CREATE INDEX `mail_notice_conversation` ON `mail_notice` (`conversation_id`);
