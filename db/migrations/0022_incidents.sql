CREATE TABLE "incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"actor" text,
	"source_event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_key" text NOT NULL,
	"service_ref" text,
	"service_label" text,
	"environment" text,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"started_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"deployment_id" bigint,
	"last_event_at" timestamp with time zone NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_events_source_event_idx" ON "incident_events" USING btree ("incident_id","source_event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_open_key_idx" ON "incidents" USING btree ("source","external_key") WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX "incidents_key_idx" ON "incidents" USING btree ("source","external_key","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_service_started_idx" ON "incidents" USING btree ("service_ref","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_started_idx" ON "incidents" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("service_ref","environment") WHERE status <> 'resolved';