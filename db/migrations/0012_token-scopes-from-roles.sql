-- Tokens created before scopes existed keep what their role allowed (lib/auth/permissions.ts:
-- viewer reads the catalog; developer also writes it, reports deployments and starts runs; admin all).
UPDATE "api_tokens" SET "scopes" = CASE "role"
  WHEN 'admin' THEN ARRAY['admin']::text[]
  WHEN 'developer' THEN ARRAY['catalog:read', 'catalog:write', 'deployments:write', 'runs:write']::text[]
  ELSE ARRAY['catalog:read']::text[]
END
WHERE "scopes" = '{}'::text[];
