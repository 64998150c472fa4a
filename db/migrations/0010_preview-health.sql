ALTER TABLE "self_service_environments" ADD COLUMN "health_url" text;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "last_probed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "last_probe_ok" boolean;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "last_probe_error" text;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "last_probe_latency_ms" integer;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "probe_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD COLUMN "failing_since" timestamp with time zone;