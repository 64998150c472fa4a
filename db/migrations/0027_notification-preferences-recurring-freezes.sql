CREATE TABLE "notification_preferences" (
	"owner" text NOT NULL,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_owner_event_channel_pk" PRIMARY KEY("owner","event","channel")
);
--> statement-breakpoint
ALTER TABLE "freeze_windows" ADD COLUMN "repeat" jsonb;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_dedupe_idx" ON "notification_deliveries" USING btree ("channel_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notification_deliveries_status_idx" ON "notification_deliveries" USING btree ("status","id" DESC NULLS LAST);