CREATE TABLE "initiative_reminders" (
	"initiative_id" uuid NOT NULL,
	"team_ref" text NOT NULL,
	"days_before" integer NOT NULL,
	"remaining" integer NOT NULL,
	"sent" boolean DEFAULT true NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "initiative_reminders_initiative_id_team_ref_days_before_pk" PRIMARY KEY("initiative_id","team_ref","days_before")
);
--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "reminder_days" integer[] DEFAULT '{14,7,1}' NOT NULL;--> statement-breakpoint
ALTER TABLE "initiative_reminders" ADD CONSTRAINT "initiative_reminders_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;