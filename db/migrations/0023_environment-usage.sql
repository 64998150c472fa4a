CREATE TABLE "environment_awake_intervals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"environment_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "resource_prices" (
	"scope" text PRIMARY KEY NOT NULL,
	"price_per_hour" numeric(12, 4) NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "pull_request_repo" text;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "pull_request_number" integer;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "pull_request_url" text;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "asleep_by_schedule" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "environment_awake_intervals" ADD CONSTRAINT "environment_awake_intervals_environment_id_self_service_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."self_service_environments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "environment_awake_intervals_env_idx" ON "environment_awake_intervals" USING btree ("environment_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "environment_awake_intervals_open_idx" ON "environment_awake_intervals" USING btree ("environment_id") WHERE "environment_awake_intervals"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "self_service_environments_pull_request_idx" ON "self_service_environments" USING btree ("pull_request_repo","pull_request_number");--> statement-breakpoint
-- Awake intervals follow the environment's status (awake: ready, sleeping, waking; db/schema/environment-usage.ts):
-- entering an awake status opens one, leaving it closes it, whatever code made the change.
CREATE OR REPLACE FUNCTION "portolan_environment_awake"() RETURNS trigger AS $$
DECLARE
  awake_now boolean := NEW.status IN ('ready', 'sleeping', 'waking');
  awake_before boolean := TG_OP = 'UPDATE' AND OLD.status IN ('ready', 'sleeping', 'waking');
BEGIN
  IF awake_now AND NOT awake_before THEN
    INSERT INTO "environment_awake_intervals" ("environment_id", "started_at") VALUES (NEW.id, now()) ON CONFLICT DO NOTHING;
  ELSIF awake_before AND NOT awake_now THEN
    UPDATE "environment_awake_intervals" SET "ended_at" = now() WHERE "environment_id" = NEW.id AND "ended_at" IS NULL;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "self_service_environments_awake" AFTER INSERT OR UPDATE OF "status" ON "self_service_environments" FOR EACH ROW EXECUTE FUNCTION "portolan_environment_awake"();
--> statement-breakpoint
-- Environments awake when this arrives have been awake since they became ready.
INSERT INTO "environment_awake_intervals" ("environment_id", "started_at")
SELECT "id", coalesce("ready_at", "created_at") FROM "self_service_environments" WHERE "status" = 'ready';
