CREATE VIRTUAL TABLE `message_fts` USING fts5(`body`, content='message', content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2');--> statement-breakpoint
INSERT INTO `message_fts` (`message_fts`) VALUES ('rebuild');--> statement-breakpoint
CREATE TRIGGER `message_fts_insert` AFTER INSERT ON `message` BEGIN
	INSERT INTO `message_fts` (rowid, `body`) VALUES (new.`seq`, new.`body`);
END;--> statement-breakpoint
CREATE TRIGGER `message_fts_delete` AFTER DELETE ON `message` BEGIN
	INSERT INTO `message_fts` (`message_fts`, rowid, `body`) VALUES ('delete', old.`seq`, old.`body`);
END;--> statement-breakpoint
CREATE TRIGGER `message_fts_update` AFTER UPDATE OF `body` ON `message` BEGIN
	INSERT INTO `message_fts` (`message_fts`, rowid, `body`) VALUES ('delete', old.`seq`, old.`body`);
	INSERT INTO `message_fts` (rowid, `body`) VALUES (new.`seq`, new.`body`);
END;--> statement-breakpoint
CREATE VIEW `conversation_search_doc` AS SELECT
	c.`seq` AS `seq`, c.`visitor_id` AS `visitor_id`, c.`contact_id` AS `contact_id`,
	trim(coalesce(v.`name`, '') || ' ' || coalesce(v.`email`, '') || ' ' || coalesce(ct.`name`, '') || ' ' || coalesce(ct.`email`, '')) AS `who`,
	trim(coalesce((SELECT group_concat(j.`key` || ': ' || j.`value`, ' · ') FROM json_each(CASE WHEN json_valid(c.`fields`) THEN c.`fields` ELSE '{}' END) j), '') || ' ' ||
	     coalesce((SELECT group_concat(j.`key` || ': ' || j.`value`, ' · ') FROM json_each(CASE WHEN json_valid(c.`ticket_fields`) THEN c.`ticket_fields` ELSE '{}' END) j), '')) AS `fields`
	FROM `conversation` c JOIN `visitor` v ON v.`id` = c.`visitor_id` LEFT JOIN `contact` ct ON ct.`id` = coalesce(c.`contact_id`, v.`contact_id`);--> statement-breakpoint
CREATE VIRTUAL TABLE `conversation_fts` USING fts5(`who`, `fields`, tokenize='unicode61 remove_diacritics 2');--> statement-breakpoint
INSERT INTO `conversation_fts` (rowid, `who`, `fields`) SELECT `seq`, `who`, `fields` FROM `conversation_search_doc`;--> statement-breakpoint
CREATE TRIGGER `conversation_fts_insert` AFTER INSERT ON `conversation` BEGIN
	INSERT INTO `conversation_fts` (rowid, `who`, `fields`) SELECT `seq`, `who`, `fields` FROM `conversation_search_doc` WHERE `seq` = new.`seq`;
END;--> statement-breakpoint
CREATE TRIGGER `conversation_fts_update` AFTER UPDATE OF `fields`, `ticket_fields`, `contact_id` ON `conversation` BEGIN
	DELETE FROM `conversation_fts` WHERE rowid = old.`seq`;
	INSERT INTO `conversation_fts` (rowid, `who`, `fields`) SELECT `seq`, `who`, `fields` FROM `conversation_search_doc` WHERE `seq` = new.`seq`;
END;--> statement-breakpoint
CREATE TRIGGER `conversation_fts_delete` AFTER DELETE ON `conversation` BEGIN
	DELETE FROM `conversation_fts` WHERE rowid = old.`seq`;
END;--> statement-breakpoint
CREATE TRIGGER `visitor_fts_update` AFTER UPDATE OF `name`, `email`, `contact_id` ON `visitor` BEGIN
	DELETE FROM `conversation_fts` WHERE rowid IN (SELECT `seq` FROM `conversation` WHERE `visitor_id` = new.`id`);
	INSERT INTO `conversation_fts` (rowid, `who`, `fields`) SELECT `seq`, `who`, `fields` FROM `conversation_search_doc` WHERE `visitor_id` = new.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `contact_fts_update` AFTER UPDATE OF `name`, `email` ON `contact` BEGIN
	DELETE FROM `conversation_fts` WHERE rowid IN (SELECT `seq` FROM `conversation` WHERE `contact_id` = new.`id` UNION SELECT c.`seq` FROM `conversation` c JOIN `visitor` v ON v.`id` = c.`visitor_id` WHERE v.`contact_id` = new.`id`);
	INSERT INTO `conversation_fts` (rowid, `who`, `fields`) SELECT `seq`, `who`, `fields` FROM `conversation_search_doc` WHERE `seq` IN (SELECT `seq` FROM `conversation` WHERE `contact_id` = new.`id` UNION SELECT c.`seq` FROM `conversation` c JOIN `visitor` v ON v.`id` = c.`visitor_id` WHERE v.`contact_id` = new.`id`);
END;--> statement-breakpoint
CREATE TABLE `saved_reply` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE cascade
);--> statement-breakpoint
CREATE INDEX `saved_reply_workspace` ON `saved_reply` (`workspace_id`,`title`);
--> statement-breakpoint
CREATE INDEX `visitor_recent` ON `visitor` (`workspace_id`,`last_seen_at`);--> statement-breakpoint
CREATE INDEX `event_visitor` ON `event` (`visitor_id`,`at`);
