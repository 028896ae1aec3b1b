-- Each console account's unread open conversations per workspace (the inbox's unread: customer messages after what
-- that account has seen), kept by the triggers below, so the console's alert count reads only the caller's own rows.
CREATE TABLE `operator_unread` (
	`conversation_id` text NOT NULL,
	`operator_ref` text NOT NULL,
	`workspace_id` text NOT NULL,
	PRIMARY KEY(`conversation_id`, `operator_ref`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `operator_unread_operator` ON `operator_unread` (`operator_ref`,`workspace_id`);
--> statement-breakpoint
CREATE INDEX `membership_workspace` ON `membership` (`workspace_id`);
--> statement-breakpoint
INSERT INTO `operator_unread` (`conversation_id`, `operator_ref`, `workspace_id`) SELECT c.`id`, 'user:' || m.`user_id`, c.`workspace_id` FROM `membership` m JOIN `conversation` c ON c.`workspace_id` = m.`workspace_id` AND c.`status` = 'open' WHERE EXISTS (SELECT 1 FROM `message` x WHERE x.`conversation_id` = c.`id` AND x.`author_kind` = 'customer' AND x.`seq` > coalesce((SELECT s.`message_seq` FROM `operator_seen` s WHERE s.`conversation_id` = c.`id` AND s.`operator_ref` = 'user:' || m.`user_id`), 0));
--> statement-breakpoint
-- A customer message in an open conversation is unread for every member (none has seen past the newest message).
CREATE TRIGGER `operator_unread_message` AFTER INSERT ON `message` WHEN new.`author_kind` = 'customer' BEGIN
	INSERT INTO `operator_unread` (`conversation_id`, `operator_ref`, `workspace_id`) SELECT c.`id`, 'user:' || m.`user_id`, c.`workspace_id` FROM `conversation` c JOIN `membership` m ON m.`workspace_id` = c.`workspace_id` WHERE c.`id` = new.`conversation_id` AND c.`status` = 'open' ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
-- A seen mark at or past the last customer message reads the conversation; marks only move forward.
CREATE TRIGGER `operator_unread_seen_insert` AFTER INSERT ON `operator_seen` BEGIN
	DELETE FROM `operator_unread` WHERE `conversation_id` = new.`conversation_id` AND `operator_ref` = new.`operator_ref` AND NOT EXISTS (SELECT 1 FROM `message` x WHERE x.`conversation_id` = new.`conversation_id` AND x.`author_kind` = 'customer' AND x.`seq` > new.`message_seq`);
END;
--> statement-breakpoint
CREATE TRIGGER `operator_unread_seen_update` AFTER UPDATE OF `message_seq` ON `operator_seen` BEGIN
	DELETE FROM `operator_unread` WHERE `conversation_id` = new.`conversation_id` AND `operator_ref` = new.`operator_ref` AND NOT EXISTS (SELECT 1 FROM `message` x WHERE x.`conversation_id` = new.`conversation_id` AND x.`author_kind` = 'customer' AND x.`seq` > new.`message_seq`);
END;
--> statement-breakpoint
-- Only open conversations are kept: closing drops them, reopening counts again what each member has not seen.
CREATE TRIGGER `operator_unread_close` AFTER UPDATE OF `status` ON `conversation` WHEN old.`status` = 'open' AND new.`status` <> 'open' BEGIN
	DELETE FROM `operator_unread` WHERE `conversation_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `operator_unread_reopen` AFTER UPDATE OF `status` ON `conversation` WHEN old.`status` <> 'open' AND new.`status` = 'open' BEGIN
	INSERT INTO `operator_unread` (`conversation_id`, `operator_ref`, `workspace_id`) SELECT new.`id`, 'user:' || m.`user_id`, new.`workspace_id` FROM `membership` m WHERE m.`workspace_id` = new.`workspace_id` AND EXISTS (SELECT 1 FROM `message` x WHERE x.`conversation_id` = new.`id` AND x.`author_kind` = 'customer' AND x.`seq` > coalesce((SELECT s.`message_seq` FROM `operator_seen` s WHERE s.`conversation_id` = new.`id` AND s.`operator_ref` = 'user:' || m.`user_id`), 0)) ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
-- A new member starts with what it has not seen of the workspace's open conversations (once, when it joins).
CREATE TRIGGER `operator_unread_member_insert` AFTER INSERT ON `membership` BEGIN
	INSERT INTO `operator_unread` (`conversation_id`, `operator_ref`, `workspace_id`) SELECT c.`id`, 'user:' || new.`user_id`, c.`workspace_id` FROM `conversation` c WHERE c.`workspace_id` = new.`workspace_id` AND c.`status` = 'open' AND EXISTS (SELECT 1 FROM `message` x WHERE x.`conversation_id` = c.`id` AND x.`author_kind` = 'customer' AND x.`seq` > coalesce((SELECT s.`message_seq` FROM `operator_seen` s WHERE s.`conversation_id` = c.`id` AND s.`operator_ref` = 'user:' || new.`user_id`), 0)) ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `operator_unread_member_delete` AFTER DELETE ON `membership` BEGIN
	DELETE FROM `operator_unread` WHERE `operator_ref` = 'user:' || old.`user_id` AND `workspace_id` = old.`workspace_id`;
END;
