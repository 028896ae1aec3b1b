CREATE TABLE `admin_token_workspace` (
	`token_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	PRIMARY KEY(`token_id`, `workspace_id`),
	FOREIGN KEY (`token_id`) REFERENCES `admin_token`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `admin_token` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`name` text NOT NULL,
	`all_workspaces` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_token_token_hash_unique` ON `admin_token` (`token_hash`);--> statement-breakpoint
CREATE TABLE `agent` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`avatar_url` text,
	`instructions` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_workspace` ON `agent` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `contact` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`external_key` text NOT NULL,
	`user_id` text,
	`email` text,
	`name` text,
	`company` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_workspace_key` ON `contact` (`workspace_id`,`external_key`);--> statement-breakpoint
CREATE TABLE `conversation` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`contact_id` text,
	`agent_id` text,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`fields` text,
	`ticket_form` text,
	`ticket_fields` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitor`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contact`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agent`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_seq_unique` ON `conversation` (`seq`);--> statement-breakpoint
CREATE INDEX `conversation_visitor` ON `conversation` (`visitor_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `conversation_contact` ON `conversation` (`contact_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `conversation_inbox` ON `conversation` (`workspace_id`,`status`,`seq`);--> statement-breakpoint
CREATE TABLE `event` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`conversation_id` text,
	`type` text NOT NULL,
	`page_url` text,
	`props` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_workspace` ON `event` (`workspace_id`,`type`,`at`);--> statement-breakpoint
CREATE TABLE `identity_secret` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`retired_at` integer,
	`grace_until` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `identity_secret_workspace` ON `identity_secret` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `invite` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`workspace_id` text,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `membership` (
	`user_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `workspace_id`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `message_internal` (
	`message_seq` integer PRIMARY KEY NOT NULL,
	`details` text NOT NULL,
	FOREIGN KEY (`message_seq`) REFERENCES `message`(`seq`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `message` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`author_kind` text NOT NULL,
	`author_name` text,
	`author_avatar_url` text,
	`visitor_id` text,
	`operator_ref` text,
	`agent_id` text,
	`internal` integer DEFAULT false NOT NULL,
	`body` text NOT NULL,
	`client_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_id_unique` ON `message` (`id`);--> statement-breakpoint
CREATE INDEX `message_conversation` ON `message` (`conversation_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `message_client` ON `message` (`visitor_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `presence` (
	`visitor_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`state` text NOT NULL,
	`page_url` text,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `presence_workspace` ON `presence` (`workspace_id`,`last_seen_at`);--> statement-breakpoint
CREATE TABLE `read_mark` (
	`conversation_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`last_read_seq` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `visitor_id`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitor`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `session` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `survey_response` (
	`conversation_id` text NOT NULL,
	`kind` text NOT NULL,
	`workspace_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `kind`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `survey_workspace` ON `survey_response` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `user` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_unique` ON `user` (`email`);--> statement-breakpoint
CREATE TABLE `visitor` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`contact_id` text,
	`user_id` text,
	`email` text,
	`name` text,
	`company` text,
	`locale` text,
	`last_page` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_seen_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contact`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visitor_token_hash_unique` ON `visitor` (`token_hash`);--> statement-breakpoint
CREATE INDEX `visitor_workspace` ON `visitor` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `visitor_contact` ON `visitor` (`contact_id`);--> statement-breakpoint
CREATE TABLE `widget_key` (
	`key` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`agent_id` text,
	`allowed_origins` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agent`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `widget_key_workspace` ON `widget_key` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `workspace` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`settings` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
