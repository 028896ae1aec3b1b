CREATE TABLE `message_fts_mark` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`seq` integer NOT NULL
);--> statement-breakpoint
INSERT INTO `message_fts_mark` (`id`, `seq`) SELECT 1, coalesce(max(`seq`), 0) FROM `message`;--> statement-breakpoint
DROP TRIGGER `message_fts_insert`;--> statement-breakpoint
DROP TRIGGER `message_fts_delete`;--> statement-breakpoint
DROP TRIGGER `message_fts_update`;--> statement-breakpoint
CREATE TRIGGER `message_fts_delete` AFTER DELETE ON `message` WHEN old.`seq` <= (SELECT `seq` FROM `message_fts_mark`) BEGIN
	INSERT INTO `message_fts` (`message_fts`, rowid, `body`) VALUES ('delete', old.`seq`, old.`body`);
END;--> statement-breakpoint
CREATE TRIGGER `message_fts_update` AFTER UPDATE OF `body` ON `message` WHEN old.`seq` <= (SELECT `seq` FROM `message_fts_mark`) BEGIN
	INSERT INTO `message_fts` (`message_fts`, rowid, `body`) VALUES ('delete', old.`seq`, old.`body`);
	INSERT INTO `message_fts` (rowid, `body`) VALUES (new.`seq`, new.`body`);
END;
