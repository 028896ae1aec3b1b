-- A customer message into an open conversation no longer moves the conversation's activity (updated_at) inside its
-- send: src/domain/activity.ts writes it behind, from the customer messages past this mark, and every reader of a
-- conversation's activity has it written first. Writes are serialized, so no message commits later below the mark.
CREATE TABLE `conversation_activity_mark` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`seq` integer NOT NULL
);--> statement-breakpoint
INSERT INTO `conversation_activity_mark` (`id`, `seq`) SELECT 1, coalesce(max(`seq`), 0) FROM `message`;
