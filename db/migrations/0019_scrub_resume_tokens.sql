-- A mailed link's resume token (#woes_resume=...) could be kept in page addresses operators see; forget those addresses.
UPDATE `visitor` SET `last_page` = NULL WHERE `last_page` LIKE '%woes_resume%';
--> statement-breakpoint
UPDATE `event` SET `page_url` = NULL WHERE `page_url` LIKE '%woes_resume%';
--> statement-breakpoint
UPDATE `presence` SET `page_url` = NULL WHERE `page_url` LIKE '%woes_resume%';
--> statement-breakpoint
UPDATE `mail_link` SET `page_url` = NULL WHERE `page_url` LIKE '%woes_resume%';
