ALTER TABLE `mail_batch` ADD `attempts` integer DEFAULT 0 NOT NULL;
