ALTER TABLE "locations" ADD COLUMN "source" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "owner_kind" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "owner_id" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "owner_name" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "trusted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "last_imported_by" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "import_id" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "import_heartbeat_at" timestamp with time zone;