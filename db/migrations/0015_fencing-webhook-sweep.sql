CREATE TABLE "portal_instance" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "github_webhook_deliveries" ADD COLUMN "enqueued_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "github_webhook_deliveries" ADD COLUMN "attempts" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "provisioning_runs" ADD COLUMN "claim" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "github_webhook_deliveries_queued_idx" ON "github_webhook_deliveries" USING btree ("enqueued_at") WHERE "github_webhook_deliveries"."status" = 'queued';