-- Runs requested before templates needed publishing do not say where their template came from.
-- Those not yet finished whose template is a catalog Template entity are marked as catalog runs
-- with no published version, so they cannot start (or resume) without a version an admin published.
UPDATE "provisioning_runs" r SET "template_ref" = e."ref"
  FROM "entities" e
 WHERE r."template_ref" IS NULL
   AND r."status" IN ('queued', 'awaiting_approval', 'running')
   AND e."kind" = 'template' AND e."spec_type" = 'environment' AND lower(e."name") = lower(r."template_name");
