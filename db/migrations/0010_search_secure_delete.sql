INSERT INTO `message_fts` (`message_fts`, `rank`) VALUES ('secure-delete', 1);--> statement-breakpoint
INSERT INTO `conversation_fts` (`conversation_fts`, `rank`) VALUES ('secure-delete', 1);
