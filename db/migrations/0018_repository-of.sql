-- "Which GitHub repository is this service?" has one answer, here: the github.com/project-slug
-- annotation when it names owner/name (spelled as GitHub spells the repository when the sync knows
-- it), else the repository whose descriptor registered the entity. lib/catalog/repository-of.ts asks
-- it (releases, "live in", branches, GitHub actions), and the GitHub deployment projection asks its
-- inverse, so a deployment lands on the service whose releases come from the same repository.
CREATE OR REPLACE FUNCTION portolan_repository_of(entity_ref text) RETURNS text
  LANGUAGE sql STABLE
  AS $$
  SELECT CASE
    WHEN x.slug ~ '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$' THEN
      coalesce((SELECT r.full_name FROM github_repositories r WHERE lower(r.full_name) = lower(x.slug) ORDER BY r.full_name LIMIT 1), x.slug)
    ELSE (SELECT r.full_name FROM github_repositories r WHERE r.location_id = x.location_id ORDER BY r.full_name LIMIT 1)
  END
  FROM (SELECT e.location_id, btrim(e.body->'metadata'->'annotations'->>'github.com/project-slug') AS slug
          FROM entities e WHERE e.ref = entity_ref) x
$$;
--> statement-breakpoint
-- The component whose repository (above) is `repo`: one registered from it first, then by ref; a
-- repository no component claims gets component:default/<name>.
CREATE OR REPLACE FUNCTION portolan_service_of_repo(repo text) RETURNS text
  LANGUAGE sql STABLE
  AS $$
  SELECT coalesce(
    (SELECT e.ref FROM entities e
      WHERE lower(e.kind) = 'component'
        AND (lower(btrim(e.body->'metadata'->'annotations'->>'github.com/project-slug')) = lower(repo)
             OR e.location_id IN (SELECT r.location_id FROM github_repositories r WHERE lower(r.full_name) = lower(repo)))
        AND lower(portolan_repository_of(e.ref)) = lower(repo)
      ORDER BY e.location_id IN (SELECT r.location_id FROM github_repositories r WHERE lower(r.full_name) = lower(repo)) DESC, e.ref
      LIMIT 1),
    'component:default/' || lower(split_part(repo, '/', 2)))
$$;
--> statement-breakpoint
-- Deployments stored before: attributed again by the one rule.
SELECT portolan_project_github_deployment(id) FROM github_deployments;
