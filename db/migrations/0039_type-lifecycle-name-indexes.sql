-- A type's and a lifecycle's entities in name order, as owner, system and kind have: a page filtered
-- by one of them is a range of the index, wherever its names sit in the name order. Without them the
-- list walked the name index and skipped every other name, a heap page each: at 20,000 entities the
-- websites' names all came after 7,971 others (13 ms warm, 92 ms cold; 0.2 ms as a range). Each carries
-- the other in its leaves, so `type=website&lifecycle=deprecated` filters inside the index once VACUUM
-- has marked the pages visible (lib/catalog/planner-stats.ts runs it after big imports).
CREATE INDEX "entities_type_name_key_idx" ON "entities" USING btree ("spec_type","name_key","ref") INCLUDE ("lifecycle");--> statement-breakpoint
CREATE INDEX "entities_lifecycle_name_key_idx" ON "entities" USING btree ("lifecycle","name_key","ref") INCLUDE ("spec_type");
