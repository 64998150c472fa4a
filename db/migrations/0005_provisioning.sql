CREATE TABLE "provisioning_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"level" text DEFAULT 'info' NOT NULL,
	"step_id" text,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provisioning_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_name" text NOT NULL,
	"template_title" text NOT NULL,
	"template" jsonb NOT NULL,
	"parameters" jsonb NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_id" uuid,
	"outputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"callback_token_hash" text,
	"callback_payload" jsonb,
	"worker_id" text,
	"heartbeat_at" timestamp with time zone,
	"recoveries" integer DEFAULT 0 NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"approval_status" text DEFAULT 'none' NOT NULL,
	"approval_by" text,
	"approval_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"first_step_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provisioning_steps" (
	"run_id" uuid NOT NULL,
	"phase" text NOT NULL,
	"position" integer NOT NULL,
	"step_id" text NOT NULL,
	"name" text NOT NULL,
	"action" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"output" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"resources" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "provisioning_steps_run_id_phase_position_pk" PRIMARY KEY("run_id","phase","position")
);
--> statement-breakpoint
CREATE TABLE "self_service_environments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"run_id" uuid NOT NULL,
	"template_name" text NOT NULL,
	"component_ref" text,
	"branch" text,
	"owner_login" text NOT NULL,
	"owner_id" uuid,
	"team_ref" text,
	"status" text NOT NULL,
	"url" text,
	"failure_reason" text,
	"ttl_seconds" integer NOT NULL,
	"max_ttl_seconds" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ready_at" timestamp with time zone,
	"destroyed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "provisioning_events" ADD CONSTRAINT "provisioning_events_run_id_provisioning_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."provisioning_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provisioning_steps" ADD CONSTRAINT "provisioning_steps_run_id_provisioning_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."provisioning_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_service_environments" ADD CONSTRAINT "self_service_environments_run_id_provisioning_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."provisioning_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provisioning_events_run_idx" ON "provisioning_events" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "provisioning_runs_status_idx" ON "provisioning_runs" USING btree ("status","heartbeat_at");--> statement-breakpoint
CREATE INDEX "self_service_environments_owner_idx" ON "self_service_environments" USING btree ("owner_login","status");--> statement-breakpoint
CREATE INDEX "self_service_environments_expiry_idx" ON "self_service_environments" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "self_service_environments_component_idx" ON "self_service_environments" USING btree ("component_ref");