CREATE TABLE "github_deployment_statuses" (
	"id" bigint PRIMARY KEY NOT NULL,
	"deployment_id" bigint NOT NULL,
	"state" text NOT NULL,
	"environment" text,
	"environment_url" text,
	"log_url" text,
	"description" text,
	"creator" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_deployments" (
	"id" bigint PRIMARY KEY NOT NULL,
	"repo" text NOT NULL,
	"environment" text NOT NULL,
	"ref" text NOT NULL,
	"sha" text NOT NULL,
	"task" text,
	"description" text,
	"creator" text,
	"payload" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_http_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"etag" text,
	"last_modified" text,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_releases" (
	"id" bigint PRIMARY KEY NOT NULL,
	"repo" text NOT NULL,
	"tag_name" text NOT NULL,
	"name" text,
	"body" text,
	"is_draft" boolean DEFAULT false NOT NULL,
	"is_prerelease" boolean DEFAULT false NOT NULL,
	"author" text,
	"html_url" text,
	"target_commitish" text,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "github_repositories" (
	"full_name" text PRIMARY KEY NOT NULL,
	"org" text NOT NULL,
	"name" text NOT NULL,
	"github_id" bigint NOT NULL,
	"html_url" text NOT NULL,
	"default_branch" text NOT NULL,
	"is_archived" boolean DEFAULT false NOT NULL,
	"content_fingerprint" text,
	"descriptor_files" text[] DEFAULT '{}' NOT NULL,
	"codeowners_team" text,
	"location_id" text NOT NULL,
	"last_synced_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "github_sync_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"org" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"calls" integer DEFAULT 0 NOT NULL,
	"not_modified" integer DEFAULT 0 NOT NULL,
	"rate_limit_remaining" integer,
	"repos" integer DEFAULT 0 NOT NULL,
	"entities" integer DEFAULT 0 NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"action" text,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "github_workflow_runs" (
	"id" bigint PRIMARY KEY NOT NULL,
	"repo" text NOT NULL,
	"name" text,
	"workflow_id" bigint,
	"run_number" integer,
	"run_attempt" integer,
	"event" text,
	"status" text,
	"conclusion" text,
	"head_branch" text,
	"head_sha" text,
	"actor" text,
	"html_url" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "github_deployment_statuses" ADD CONSTRAINT "github_deployment_statuses_deployment_id_github_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."github_deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "github_deployment_statuses_deployment_idx" ON "github_deployment_statuses" USING btree ("deployment_id","created_at");--> statement-breakpoint
CREATE INDEX "github_deployments_repo_idx" ON "github_deployments" USING btree ("repo","environment","created_at");--> statement-breakpoint
CREATE INDEX "github_releases_repo_idx" ON "github_releases" USING btree ("repo","created_at");--> statement-breakpoint
CREATE INDEX "github_sync_runs_org_idx" ON "github_sync_runs" USING btree ("org","id");--> statement-breakpoint
CREATE INDEX "github_workflow_runs_repo_idx" ON "github_workflow_runs" USING btree ("repo","created_at");