ALTER TABLE `user` ADD `alerts` text DEFAULT '{}' NOT NULL;
