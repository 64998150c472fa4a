DROP INDEX "entities_kind_name_idx";--> statement-breakpoint
CREATE INDEX "entities_lower_name_idx" ON "entities" USING btree (lower("name"),"ref");--> statement-breakpoint
CREATE INDEX "entities_kind_name_idx" ON "entities" USING btree ("kind",lower("name"));