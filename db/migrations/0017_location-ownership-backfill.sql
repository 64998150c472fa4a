-- Owners for locations created before they were recorded (0011). Only what the id and the type
-- prove is kept: the demo seed and the GitHub sync wrote their own rows with their own types (the
-- API always wrote type 'api', the CLI type 'file'). Everything else keeps an unknown owner: not
-- trusted, and replaceable through the API by admins only.
UPDATE "locations" SET "source" = 'seed', "owner_kind" = 'system', "owner_id" = 'seed', "owner_name" = 'seed', "trusted" = true, "last_imported_by" = 'system:seed'
  WHERE "owner_kind" IS NULL AND "id" LIKE 'demo:%' AND "type" = 'seed';--> statement-breakpoint
-- Repository descriptors are written by whoever can push to the repository: never trusted.
-- The organisation's teams (type github-org) come from GitHub's own team membership: trusted.
UPDATE "locations" SET "source" = 'github', "owner_kind" = 'system', "owner_id" = 'github-sync', "owner_name" = 'github-sync', "trusted" = ("type" = 'github-org'), "last_imported_by" = 'system:github-sync'
  WHERE "owner_kind" IS NULL AND "id" LIKE 'github:%' AND "type" IN ('github', 'github-org');--> statement-breakpoint
UPDATE "locations" SET "source" = 'file'
  WHERE "owner_kind" IS NULL AND "id" LIKE 'file:%' AND "type" = 'file';
