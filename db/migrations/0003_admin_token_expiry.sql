ALTER TABLE `admin_token` ADD `expires_at` integer;
