CREATE TABLE "entities" (
	"ref" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"description" text,
	"spec_type" text,
	"lifecycle" text,
	"owner_ref" text,
	"system_ref" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"body" jsonb NOT NULL,
	"hash" text NOT NULL,
	"location_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(title, '')), 'A') || setweight(to_tsvector('simple', portolan_tags_text(tags)), 'B') || setweight(to_tsvector('simple', coalesce(description, '')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"target" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_imported_at" timestamp with time zone,
	"entity_count" integer DEFAULT 0 NOT NULL,
	"last_errors" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "relations" (
	"source_ref" text NOT NULL,
	"type" text NOT NULL,
	"target_ref" text NOT NULL,
	"origin_ref" text NOT NULL,
	CONSTRAINT "relations_source_ref_type_target_ref_origin_ref_pk" PRIMARY KEY("source_ref","type","target_ref","origin_ref")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login" text NOT NULL,
	"name" text,
	"email" text,
	"role" text DEFAULT 'viewer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	CONSTRAINT "users_login_unique" UNIQUE("login")
);
--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relations" ADD CONSTRAINT "relations_origin_ref_entities_ref_fk" FOREIGN KEY ("origin_ref") REFERENCES "public"."entities"("ref") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entities_search_idx" ON "entities" USING gin ("search");--> statement-breakpoint
CREATE INDEX "entities_name_trgm_idx" ON "entities" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "entities_kind_name_idx" ON "entities" USING btree ("kind","name");--> statement-breakpoint
CREATE INDEX "entities_owner_idx" ON "entities" USING btree ("owner_ref");--> statement-breakpoint
CREATE INDEX "entities_system_idx" ON "entities" USING btree ("system_ref");--> statement-breakpoint
CREATE INDEX "entities_location_idx" ON "entities" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "entities_tags_idx" ON "entities" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "relations_target_idx" ON "relations" USING btree ("target_ref");--> statement-breakpoint
CREATE INDEX "relations_origin_idx" ON "relations" USING btree ("origin_ref");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");