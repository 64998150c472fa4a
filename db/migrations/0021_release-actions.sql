CREATE TABLE "action_runs" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"service_ref" text NOT NULL,
	"environment" text NOT NULL,
	"from_environment" text,
	"version" text NOT NULL,
	"override_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "freeze_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"environment" text NOT NULL,
	"service_ref" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "action_runs" ADD CONSTRAINT "action_runs_run_id_provisioning_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."provisioning_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_runs_target_idx" ON "action_runs" USING btree ("service_ref","environment");--> statement-breakpoint
CREATE INDEX "freeze_windows_ends_idx" ON "freeze_windows" USING btree ("ends_at");