// What a release action acts on: the service (owner, repository, deployer annotations) and its
// environments with the version live in each and its health — read from the stored delivery data.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx, sqlList } from "@/db/client";
import { repositoryOfSql } from "@/lib/catalog/repository-of";
import { requireService } from "@/lib/catalog/service-ref";
import { readGithubConfig } from "@/lib/github/config";
import { listServiceEnvironments, type ServiceEnvironmentView } from "@/lib/delivery/service-environments";

export type Deployer =
  | { kind: "github-workflow"; repo: string; workflow: string; ref: string }
  | { kind: "http"; url: string; waitForCallback: boolean }
  | { kind: "none"; reason: string };

export type ServiceTarget = {
  ref: string;
  name: string;
  title: string | null;
  ownerRef: string | null;
  repository: string | null;
  deployer: Deployer;
  environments: ServiceEnvironmentView[];
};

export const DEPLOY_WORKFLOW = "portolan.dev/deploy-workflow";
export const DEPLOY_URL = "portolan.dev/deploy-url";
export const DEPLOY_URL_CALLBACK = "portolan.dev/deploy-url-callback";

/** An entity's repository (lib/catalog/repository-of.ts) and that repository's default branch. */
export type ServiceRepository = { repository: string | null; defaultBranch: string | null };

/** What a target is made of besides its environments: the catalog row and its repository. */
type ServiceFacts = Omit<ServiceTarget, "deployer" | "environments" | "repository"> &
  ServiceRepository & { annotations: Record<string, unknown> };

type Row = {
  ref: string;
  name: string;
  title: string | null;
  owner_ref: string | null;
  body: { metadata?: { annotations?: Record<string, unknown> } };
  default_branch: string | null;
};

/** The repository's default branch as the GitHub sync stored it (the deploy workflow runs there). */
const defaultBranchOf = (repository: SQL) =>
  sql`(select r.default_branch from github_repositories r where lower(r.full_name) = lower(${repository}))`;

export async function loadServiceTarget(db: DbOrTx, service: string): Promise<ServiceTarget> {
  const known = await requireService(db, service);
  const [[row], environments] = await Promise.all([
    queryRows<Row>(
      db,
      sql`select e.ref, e.name, e.title, e.owner_ref, e.body, ${defaultBranchOf(sql`${known.repository}`)} as default_branch
          from entities e where e.ref = ${known.ref}`,
    ),
    listServiceEnvironments(db, known.ref),
  ]);
  return serviceTarget(
    {
      ref: row.ref,
      name: row.name,
      title: row.title,
      ownerRef: row.owner_ref,
      repository: known.repository,
      annotations: row.body.metadata?.annotations ?? {},
      defaultBranch: row.default_branch,
    },
    environments,
  );
}

/** ServiceRepository in one statement, for a caller that has read the entity itself (the entity page) to make its target. */
export async function readServiceRepository(db: DbOrTx, entityRef: string): Promise<ServiceRepository> {
  const [row] = await queryRows<{ repository: string | null; default_branch: string | null }>(
    db,
    sql`select known.repository, ${defaultBranchOf(sql`known.repository`)} as default_branch
        from (select ${repositoryOfSql(sql`${entityRef}`)} as repository) known`,
  );
  return { repository: row.repository, defaultBranch: row.default_branch };
}

/** The target from what was read: the deployer follows from the annotations, the repository and GitHub's configuration. */
export function serviceTarget(facts: ServiceFacts, environments: ServiceEnvironmentView[]): ServiceTarget {
  const { annotations, defaultBranch, ...service } = facts;
  return {
    ...service,
    deployer: deployerOf(annotations, service.repository, defaultBranch, readGithubConfig().auth.mode !== "none"),
    environments,
  };
}

/** The service's deployer: an HTTP endpoint it names, else a workflow in its repository (deploy.yml by default). */
export function deployerOf(
  annotations: Record<string, unknown>,
  repository: string | null,
  defaultBranch: string | null,
  githubConfigured: boolean,
): Deployer {
  const url = annotations[DEPLOY_URL];
  if (typeof url === "string" && url.trim()) {
    return { kind: "http", url: url.trim(), waitForCallback: annotations[DEPLOY_URL_CALLBACK] === "true" };
  }
  if (!repository)
    return {
      kind: "none",
      reason: `the service names no deployer: annotate it with ${DEPLOY_URL}, or link its GitHub repository (github.com/project-slug) and add a deploy.yml workflow`,
    };
  if (!githubConfigured)
    return {
      kind: "none",
      reason: `its deploy workflow is in ${repository}, and GitHub is not configured here (GITHUB_TOKEN or a GitHub App)`,
    };
  const workflow = annotations[DEPLOY_WORKFLOW];
  return {
    kind: "github-workflow",
    repo: repository,
    workflow: typeof workflow === "string" && workflow.trim() ? workflow.trim() : "deploy.yml",
    ref: defaultBranch ?? "main",
  };
}

/** The version a deployment row stands for: its version, else its ref, else its commit. */
export function versionOf(live: ServiceEnvironmentView["live"]): string | null {
  if (!live) return null;
  return live.version ?? live.ref ?? live.sha;
}

export function findEnvironment(target: ServiceTarget, name: string): ServiceEnvironmentView | null {
  return target.environments.find((e) => e.name.toLowerCase() === name.toLowerCase()) ?? null;
}

/** Versions that succeeded in an environment, newest first, one entry per version (for rollback). */
export async function successfulVersions(db: DbOrTx, service: string, environment: string): Promise<string[]> {
  return (await successfulVersionsIn(db, service, [environment])).get(environment) ?? [];
}

/** successfulVersions for several environments of a service in one query, by environment name. */
export async function successfulVersionsIn(
  db: DbOrTx,
  service: string,
  environments: string[],
): Promise<Map<string, string[]>> {
  const byEnvironment = new Map<string, string[]>(environments.map((e) => [e, []]));
  if (!environments.length) return byEnvironment;
  const rows = await queryRows<{ environment: string; version: string }>(
    db,
    sql`select environment, version from (
          select environment, coalesce(version, ref, sha) as version,
            row_number() over (partition by environment order by started_at desc nulls last, id desc) as n
          from deployments
          where service_ref = ${service} and environment in (${sqlList(environments)})
            and status = 'success' and coalesce(version, ref, sha) is not null
        ) newest
        where n <= 50 order by environment, n`,
  );
  for (const r of rows) {
    const seen = byEnvironment.get(r.environment)!;
    if (!seen.includes(r.version)) seen.push(r.version);
  }
  return byEnvironment;
}
