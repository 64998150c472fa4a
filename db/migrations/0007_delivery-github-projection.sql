-- GitHub Deployments join the shared deployments table without the GitHub sync knowing: every
-- write to github_deployments / github_deployment_statuses (sync, webhook, re-delivery) re-projects
-- that one deployment, in the same transaction.
CREATE OR REPLACE FUNCTION portolan_service_of_repo(repo text) RETURNS text
  LANGUAGE sql STABLE
  AS $$
  SELECT coalesce(
    (SELECT e.ref FROM github_repositories r
       JOIN entities e ON e.location_id = r.location_id AND lower(e.kind) = 'component'
      WHERE r.full_name = repo
      ORDER BY (lower(e.body->'metadata'->'annotations'->>'github.com/project-slug') = lower(repo)) DESC NULLS LAST, e.ref
      LIMIT 1),
    (SELECT e.ref FROM entities e
      WHERE lower(e.kind) = 'component' AND lower(e.body->'metadata'->'annotations'->>'github.com/project-slug') = lower(repo)
      ORDER BY e.ref LIMIT 1),
    'component:default/' || lower(split_part(repo, '/', 2)))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION portolan_project_github_deployment(dep_id bigint) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  d github_deployments%ROWTYPE;
  latest github_deployment_statuses%ROWTYPE;
  env_url text;
  finished timestamptz;
  svc text;
  st text;
BEGIN
  SELECT * INTO d FROM github_deployments WHERE id = dep_id;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT * INTO latest FROM github_deployment_statuses WHERE deployment_id = dep_id ORDER BY created_at DESC, id DESC LIMIT 1;
  SELECT s.environment_url INTO env_url FROM github_deployment_statuses s
   WHERE s.deployment_id = dep_id AND coalesce(s.environment_url, '') <> '' ORDER BY s.created_at DESC, s.id DESC LIMIT 1;
  SELECT min(s.created_at) INTO finished FROM github_deployment_statuses s
   WHERE s.deployment_id = dep_id AND s.state IN ('success', 'failure', 'error');
  st := CASE coalesce(latest.state, 'queued')
    WHEN 'success' THEN 'success' WHEN 'failure' THEN 'failure' WHEN 'error' THEN 'error'
    WHEN 'inactive' THEN 'inactive' WHEN 'in_progress' THEN 'in_progress' ELSE 'queued' END;
  svc := portolan_service_of_repo(d.repo);
  INSERT INTO deployments (source, external_id, service_ref, environment, ref, sha, version, status, url, log_url, deployed_by, repo, started_at, finished_at, updated_at)
  VALUES ('github', d.id::text, svc, d.environment, d.ref, d.sha, NULL, st, env_url, latest.log_url, coalesce(d.creator, latest.creator), d.repo, d.created_at, finished, now())
  ON CONFLICT (source, external_id) DO UPDATE SET
    service_ref = excluded.service_ref, environment = excluded.environment, ref = excluded.ref, sha = excluded.sha,
    status = excluded.status, url = excluded.url, log_url = excluded.log_url, deployed_by = excluded.deployed_by,
    repo = excluded.repo, started_at = excluded.started_at, finished_at = excluded.finished_at, updated_at = now();
  INSERT INTO service_environments (service_ref, name, url, last_deployed_at)
  VALUES (svc, d.environment, env_url, d.created_at)
  ON CONFLICT (service_ref, name) DO UPDATE SET
    url = CASE WHEN excluded.last_deployed_at >= coalesce(service_environments.last_deployed_at, excluded.last_deployed_at) AND excluded.url IS NOT NULL
               THEN excluded.url ELSE coalesce(service_environments.url, excluded.url) END,
    last_deployed_at = greatest(service_environments.last_deployed_at, excluded.last_deployed_at);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION portolan_github_deployment_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM deployments WHERE source = 'github' AND external_id = OLD.id::text;
    RETURN OLD;
  END IF;
  PERFORM portolan_project_github_deployment(NEW.id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION portolan_github_deployment_status_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM portolan_project_github_deployment(NEW.deployment_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER github_deployments_project AFTER INSERT OR UPDATE OR DELETE ON github_deployments
  FOR EACH ROW EXECUTE FUNCTION portolan_github_deployment_changed();
--> statement-breakpoint
CREATE TRIGGER github_deployment_statuses_project AFTER INSERT OR UPDATE ON github_deployment_statuses
  FOR EACH ROW EXECUTE FUNCTION portolan_github_deployment_status_changed();
--> statement-breakpoint
-- What the sync stored before this migration.
SELECT portolan_project_github_deployment(id) FROM github_deployments;
