CREATE TABLE "deployments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"service_ref" text NOT NULL,
	"environment" text NOT NULL,
	"ref" text,
	"sha" text,
	"version" text,
	"status" text NOT NULL,
	"url" text,
	"log_url" text,
	"deployed_by" text,
	"repo" text,
	"first_commit_at" timestamp with time zone,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_probe_leases" (
	"url" text PRIMARY KEY NOT NULL,
	"leased_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_probes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service_ref" text NOT NULL,
	"environment" text NOT NULL,
	"url" text NOT NULL,
	"is_ok" boolean NOT NULL,
	"status_code" integer,
	"latency_ms" integer,
	"error" text,
	"probed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "release_comparisons" (
	"repo" text NOT NULL,
	"base" text NOT NULL,
	"head" text NOT NULL,
	"status" text NOT NULL,
	"ahead_by" integer,
	"total_commits" integer,
	"commits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"html_url" text,
	"error" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fetched_at" timestamp with time zone,
	CONSTRAINT "release_comparisons_repo_base_head_pk" PRIMARY KEY("repo","base","head")
);
--> statement-breakpoint
CREATE TABLE "service_environments" (
	"service_ref" text NOT NULL,
	"name" text NOT NULL,
	"url" text,
	"health_url" text,
	"last_deployed_at" timestamp with time zone,
	"last_probed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_environments_service_ref_name_pk" PRIMARY KEY("service_ref","name")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_source_external_idx" ON "deployments" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "deployments_service_env_started_idx" ON "deployments" USING btree ("service_ref","environment","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deployments_service_env_success_idx" ON "deployments" USING btree ("service_ref","environment","started_at" DESC NULLS LAST) WHERE status = 'success';--> statement-breakpoint
CREATE INDEX "deployments_service_started_idx" ON "deployments" USING btree ("service_ref","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deployments_started_idx" ON "deployments" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "health_probes_env_idx" ON "health_probes" USING btree ("service_ref","environment","probed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "service_environments_probe_idx" ON "service_environments" USING btree ("last_probed_at");