ALTER TABLE "service_environments" ADD COLUMN "last_probe_ok" boolean;--> statement-breakpoint
ALTER TABLE "service_environments" ADD COLUMN "last_probe_error" text;--> statement-breakpoint
ALTER TABLE "service_environments" ADD COLUMN "last_probe_latency_ms" integer;--> statement-breakpoint
ALTER TABLE "service_environments" ADD COLUMN "probe_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "service_environments" ADD COLUMN "failing_since" timestamp with time zone;