CREATE TABLE "initiatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"scorecard" text NOT NULL,
	"target_level" text,
	"target_rules" text[] DEFAULT '{}' NOT NULL,
	"selection" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"owner_ref" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scorecard_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scorecard" text NOT NULL,
	"entity_ref" text NOT NULL,
	"owner_ref" text,
	"level" text,
	"level_rank" integer NOT NULL,
	"score" real NOT NULL,
	"rules" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scorecard_results" (
	"scorecard" text NOT NULL,
	"entity_ref" text NOT NULL,
	"owner_ref" text,
	"level" text,
	"level_rank" integer NOT NULL,
	"score" real NOT NULL,
	"passed" integer NOT NULL,
	"total" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorecard_results_scorecard_entity_ref_pk" PRIMARY KEY("scorecard","entity_ref")
);
--> statement-breakpoint
CREATE TABLE "scorecard_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entities" integer NOT NULL,
	"changed" integer NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scorecard_results" ADD CONSTRAINT "scorecard_results_entity_ref_entities_ref_fk" FOREIGN KEY ("entity_ref") REFERENCES "public"."entities"("ref") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scorecard_history_entity_idx" ON "scorecard_history" USING btree ("scorecard","entity_ref","recorded_at");--> statement-breakpoint
CREATE INDEX "scorecard_history_time_idx" ON "scorecard_history" USING btree ("scorecard","recorded_at");--> statement-breakpoint
CREATE INDEX "scorecard_results_owner_idx" ON "scorecard_results" USING btree ("scorecard","owner_ref");--> statement-breakpoint
CREATE INDEX "scorecard_results_level_idx" ON "scorecard_results" USING btree ("scorecard","level_rank");--> statement-breakpoint
CREATE INDEX "scorecard_results_entity_idx" ON "scorecard_results" USING btree ("entity_ref");