CREATE TABLE "template_publications" (
	"ref" text PRIMARY KEY NOT NULL,
	"body" jsonb NOT NULL,
	"hash" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "provisioning_runs" ADD COLUMN "template_ref" text;--> statement-breakpoint
ALTER TABLE "provisioning_runs" ADD COLUMN "template_hash" text;