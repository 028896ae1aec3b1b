-- A member removed from a workspace kept its conversations there (an assignee no one could pick); removing a member
-- now unassigns them, and this puts right those removed before.
UPDATE `conversation` SET `assignee_id` = NULL WHERE `assignee_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `membership` m WHERE m.`user_id` = `conversation`.`assignee_id` AND m.`workspace_id` = `conversation`.`workspace_id`);
