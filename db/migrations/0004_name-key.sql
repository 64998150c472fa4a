DROP INDEX "entities_name_trgm_idx";--> statement-breakpoint
DROP INDEX "entities_lower_name_idx";--> statement-breakpoint
DROP INDEX "entities_kind_name_idx";--> statement-breakpoint
ALTER TABLE "entities" ADD COLUMN "name_key" text COLLATE "C" GENERATED ALWAYS AS (lower(name)) STORED;--> statement-breakpoint
CREATE INDEX "entities_name_key_trgm_idx" ON "entities" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "entities_name_key_idx" ON "entities" USING btree ("name_key","ref");--> statement-breakpoint
CREATE INDEX "entities_kind_name_key_idx" ON "entities" USING btree ("kind","name_key");