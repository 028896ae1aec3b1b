ALTER TABLE `conversation` ADD `last_reply_seq` integer;
--> statement-breakpoint
UPDATE `conversation` SET `last_reply_seq` = (SELECT max(m.`seq`) FROM `message` m WHERE m.`conversation_id` = `conversation`.`id` AND m.`author_kind` <> 'customer' AND m.`internal` = 0);
--> statement-breakpoint
-- The newest message a visitor can have unread (public, not the customer's own): a customer message moves the
-- visitor's read mark only when one lies past it.
CREATE TRIGGER `conversation_last_reply` AFTER INSERT ON `message` WHEN new.`author_kind` <> 'customer' AND new.`internal` = 0 BEGIN
	UPDATE `conversation` SET `last_reply_seq` = new.`seq` WHERE `id` = new.`conversation_id` AND (`last_reply_seq` IS NULL OR `last_reply_seq` < new.`seq`);
END;
