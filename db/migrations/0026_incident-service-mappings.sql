CREATE TABLE "incident_mapping_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"service_labels" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_service_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label_name" text NOT NULL,
	"match" text NOT NULL,
	"pattern" text NOT NULL,
	"service_ref" text NOT NULL,
	"environment" text,
	"priority" integer DEFAULT 100 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "incident_service_mappings_rule_idx" ON "incident_service_mappings" USING btree ("label_name","match","pattern");