ALTER TABLE `conversation` ADD `operator_started` integer DEFAULT false NOT NULL;
--> statement-breakpoint
UPDATE `conversation` SET `operator_started` = 1 WHERE (SELECT m.`author_kind` FROM `message` m WHERE m.`conversation_id` = `conversation`.`id` AND m.`internal` = 0 ORDER BY m.`seq` LIMIT 1) = 'operator';
--> statement-breakpoint
UPDATE `conversation` SET `first_reply_at` = NULL, `first_reply_by` = NULL WHERE `operator_started` = 1 AND `first_reply_at` IS NOT NULL;
