ALTER TABLE `responses` ADD `returning` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Backfill (by hand): each stored answer whose session is returning, as the reads tested it until
-- now (the session looked up by the answer's session id; none, as a link's answer: new).
UPDATE `responses` SET `returning` = 1 WHERE EXISTS (SELECT 1 FROM `sessions` AS s WHERE s.`site_id` = `responses`.`site_id` AND s.`session_id` = `responses`.`session_id` AND s.`returning` = 1);
