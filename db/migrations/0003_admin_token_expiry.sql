ALTER TABLE `admin_token` ADD `expires_at` integer;
--> statement-breakpoint
ALTER TABLE `identity_secret` DROP COLUMN `grace_until`;
