DROP INDEX "entities_owner_idx";--> statement-breakpoint
DROP INDEX "entities_system_idx";--> statement-breakpoint
CREATE INDEX "entities_owner_name_key_idx" ON "entities" USING btree ("owner_ref","name_key","ref");--> statement-breakpoint
CREATE INDEX "entities_system_name_key_idx" ON "entities" USING btree ("system_ref","name_key","ref");