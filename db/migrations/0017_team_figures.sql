CREATE TABLE `team_daily` (
	`workspace_id` text NOT NULL,
	`day` integer NOT NULL,
	`kind` text NOT NULL,
	`account_id` text NOT NULL,
	`n` integer NOT NULL,
	`total` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`, `kind`, `account_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT `workspace_id`, `created_at` / 86400000, 'first_response', coalesce(conversation.`first_reply_by`, ''), count(*), sum(`first_reply_at` - `created_at`) FROM `conversation` WHERE conversation.`first_reply_at` IS NOT NULL GROUP BY 1, 2, 4;
--> statement-breakpoint
INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT `workspace_id`, `created_at` / 86400000, 'resolution', coalesce(conversation.`resolved_by`, ''), count(*), sum(`resolved_at` - `created_at`) FROM `conversation` WHERE conversation.`status` = 'closed' AND conversation.`resolved_at` IS NOT NULL GROUP BY 1, 2, 4;
--> statement-breakpoint
CREATE TRIGGER `team_first_response_insert` AFTER INSERT ON `conversation` WHEN new.`first_reply_at` IS NOT NULL BEGIN
	INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT new.`workspace_id`, new.`created_at` / 86400000, 'first_response', coalesce(new.`first_reply_by`, ''), 1, (new.`first_reply_at` - new.`created_at`) WHERE new.`first_reply_at` IS NOT NULL ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`, `total` = `total` + excluded.`total`;
END;
--> statement-breakpoint
CREATE TRIGGER `team_first_response_update` AFTER UPDATE OF `first_reply_at`, `first_reply_by`, `created_at`, `workspace_id` ON `conversation` WHEN old.`first_reply_at` IS NOT new.`first_reply_at` OR old.`first_reply_by` IS NOT new.`first_reply_by` OR old.`created_at` IS NOT new.`created_at` OR old.`workspace_id` IS NOT new.`workspace_id` BEGIN
	INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT old.`workspace_id`, old.`created_at` / 86400000, 'first_response', coalesce(old.`first_reply_by`, ''), -1, -(old.`first_reply_at` - old.`created_at`) WHERE old.`first_reply_at` IS NOT NULL ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`, `total` = `total` + excluded.`total`;
	INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT new.`workspace_id`, new.`created_at` / 86400000, 'first_response', coalesce(new.`first_reply_by`, ''), 1, (new.`first_reply_at` - new.`created_at`) WHERE new.`first_reply_at` IS NOT NULL ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`, `total` = `total` + excluded.`total`;
END;
--> statement-breakpoint
CREATE TRIGGER `team_first_response_delete` AFTER DELETE ON `conversation` WHEN old.`first_reply_at` IS NOT NULL BEGIN
	INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT old.`workspace_id`, old.`created_at` / 86400000, 'first_response', coalesce(old.`first_reply_by`, ''), -1, -(old.`first_reply_at` - old.`created_at`) WHERE old.`first_reply_at` IS NOT NULL ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`, `total` = `total` + excluded.`total`;
END;
--> statement-breakpoint
CREATE TRIGGER `team_resolution_insert` AFTER INSERT ON `conversation` WHEN new.`status` = 'closed' AND new.`resolved_at` IS NOT NULL BEGIN
	INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT new.`workspace_id`, new.`created_at` / 86400000, 'resolution', coalesce(new.`resolved_by`, ''), 1, (new.`resolved_at` - new.`created_at`) WHERE new.`status` = 'closed' AND new.`resolved_at` IS NOT NULL ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`, `total` = `total` + excluded.`total`;
END;
--> statement-breakpoint
CREATE TRIGGER `team_resolution_update` AFTER UPDATE OF `status`, `resolved_at`, `resolved_by`, `created_at`, `workspace_id` ON `conversation` WHEN old.`status` IS NOT new.`status` OR old.`resolved_at` IS NOT new.`resolved_at` OR old.`resolved_by` IS NOT new.`resolved_by` OR old.`created_at` IS NOT new.`created_at` OR old.`workspace_id` IS NOT new.`workspace_id` BEGIN
	INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT old.`workspace_id`, old.`created_at` / 86400000, 'resolution', coalesce(old.`resolved_by`, ''), -1, -(old.`resolved_at` - old.`created_at`) WHERE old.`status` = 'closed' AND old.`resolved_at` IS NOT NULL ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`, `total` = `total` + excluded.`total`;
	INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT new.`workspace_id`, new.`created_at` / 86400000, 'resolution', coalesce(new.`resolved_by`, ''), 1, (new.`resolved_at` - new.`created_at`) WHERE new.`status` = 'closed' AND new.`resolved_at` IS NOT NULL ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`, `total` = `total` + excluded.`total`;
END;
--> statement-breakpoint
CREATE TRIGGER `team_resolution_delete` AFTER DELETE ON `conversation` WHEN old.`status` = 'closed' AND old.`resolved_at` IS NOT NULL BEGIN
	INSERT INTO `team_daily` (`workspace_id`, `day`, `kind`, `account_id`, `n`, `total`) SELECT old.`workspace_id`, old.`created_at` / 86400000, 'resolution', coalesce(old.`resolved_by`, ''), -1, -(old.`resolved_at` - old.`created_at`) WHERE old.`status` = 'closed' AND old.`resolved_at` IS NOT NULL ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`, `total` = `total` + excluded.`total`;
END;
