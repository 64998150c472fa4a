// Service environments: the named places a service is deployed to (production, staging, …), made by
// its deployments (table service_environments). Not the self-service environments started from a
// template (lib/provisioning), nor their health (lib/health). Read per service (the service page,
// GET /api/v1/environments?service=) and as services × environments (the matrix): one query with two
// index seeks per environment.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx, sqlList } from "@/db/client";
import { rollUpHealth, type Health } from "@/lib/health/health-rollup";
import { readProbeConfig } from "@/lib/health/probe-config";
import { repositoryOfSql } from "@/lib/catalog/repository-of";
import { requireService } from "@/lib/catalog/service-ref";
import { matchRelease } from "./version-match";

export type LiveVersion = {
  ref: string | null;
  sha: string | null;
  version: string | null;
  tag: string | null;
  deployedAt: string;
  deployedBy: string | null;
};
export type ServiceEnvironmentView = {
  service: string;
  serviceTitle: string | null;
  name: string;
  url: string | null;
  healthUrl: string | null;
  live: LiveVersion | null;
  latest: { status: string; startedAt: string } | null;
  health: Health;
  lastProbedAt: string | null;
};

type Row = {
  service_ref: string;
  title: string | null;
  name: string;
  url: string | null;
  health_url: string | null;
  last_probed_at: string | Date | null;
  last_probe_ok: boolean | null;
  last_probe_error: string | null;
  last_probe_latency_ms: number | null;
  probe_failures: number;
  failing_since: string | Date | null;
  live_ref: string | null;
  live_sha: string | null;
  live_version: string | null;
  live_at: string | Date | null;
  live_by: string | null;
  repo: string | null;
  latest_status: string | null;
  latest_at: string | Date | null;
};

const RANK: Record<string, number> = { production: 0, prod: 0, staging: 1, stage: 1 };
export const environmentRank = (name: string) => RANK[name.toLowerCase()] ?? 2;
export const sortEnvironmentNames = (names: string[]) =>
  [...names].sort((a, b) => environmentRank(a) - environmentRank(b) || a.localeCompare(b));

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

// The "nulls last" is not decoration: drizzle's .desc() indexes are DESC NULLS LAST, and a plain
// "order by started_at desc" (nulls first) cannot read them in order, so each cell became a bitmap
// scan of all its deployments plus a sort (≈ 170 ms p95 for the matrix at 1M rows instead of ≈ 5 ms).
// "live" orders by started_at alone to match the partial success index, so an environment that never
// succeeded is an empty seek rather than a walk through all its failures.
async function readEnvironments(db: DbOrTx, services: SQL): Promise<ServiceEnvironmentView[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select se.service_ref, e.title, se.name, se.url, se.health_url, se.last_probed_at, se.last_probe_ok, se.last_probe_error,
          se.last_probe_latency_ms, se.probe_failures, se.failing_since,
          live.ref as live_ref, live.sha as live_sha, live.version as live_version, live.started_at as live_at, live.deployed_by as live_by,
          ${repositoryOfSql(sql`se.service_ref`)} as repo,
          latest.status as latest_status, latest.started_at as latest_at
        from service_environments se
        left join entities e on e.ref = se.service_ref
        left join lateral (
          select d.ref, d.sha, d.version, d.started_at, d.deployed_by from deployments d
          where d.service_ref = se.service_ref and d.environment = se.name and d.status = 'success'
          order by d.started_at desc nulls last limit 1) live on true
        left join lateral (
          select d.status, d.started_at from deployments d
          where d.service_ref = se.service_ref and d.environment = se.name
          order by d.started_at desc nulls last, d.id desc nulls last limit 1) latest on true
        where se.service_ref in (${services})`,
  );
  const repos = [...new Set(rows.map((r) => r.repo).filter((r): r is string => Boolean(r)))];
  const releases = repos.length
    ? await queryRows<{ repo: string; tag_name: string; target_commitish: string | null }>(
        db,
        sql`select repo, tag_name, target_commitish from github_releases where repo in (${sqlList(repos)}) and not is_draft`,
      )
    : [];
  const byRepo = new Map<string, { tagName: string; targetCommitish: string | null }[]>();
  for (const r of releases)
    byRepo.set(r.repo, [...(byRepo.get(r.repo) ?? []), { tagName: r.tag_name, targetCommitish: r.target_commitish }]);

  const config = readProbeConfig();
  const now = new Date();
  return rows
    .map((r): ServiceEnvironmentView => {
      const liveAt = date(r.live_at);
      const latestAt = date(r.latest_at);
      const live = liveAt
        ? {
            ref: r.live_ref,
            sha: r.live_sha,
            version: r.live_version,
            tag:
              matchRelease(
                { ref: r.live_ref, sha: r.live_sha, version: r.live_version },
                byRepo.get(r.repo ?? "") ?? [],
              )?.tagName ?? null,
            deployedAt: liveAt.toISOString(),
            deployedBy: r.live_by,
          }
        : null;
      const health = rollUpHealth(
        {
          lastProbedAt: date(r.last_probed_at),
          lastProbeOk: r.last_probe_ok,
          lastProbeError: r.last_probe_error,
          lastProbeLatencyMs: r.last_probe_latency_ms,
          probeFailures: r.probe_failures,
          failingSince: date(r.failing_since),
        },
        r.latest_status && latestAt ? { status: r.latest_status, startedAt: latestAt } : null,
        { now, intervalSeconds: config.intervalSeconds, slowMs: config.slowMs },
      );
      return {
        service: r.service_ref,
        serviceTitle: r.title,
        name: r.name,
        url: r.url,
        healthUrl: r.health_url,
        live,
        latest: r.latest_status && latestAt ? { status: r.latest_status, startedAt: latestAt.toISOString() } : null,
        health,
        lastProbedAt: date(r.last_probed_at)?.toISOString() ?? null,
      };
    })
    .sort(
      (a, b) =>
        a.service.localeCompare(b.service) ||
        environmentRank(a.name) - environmentRank(b.name) ||
        a.name.localeCompare(b.name),
    );
}

/** One service's environments, production first. */
export async function listServiceEnvironments(db: DbOrTx, serviceRef: string): Promise<ServiceEnvironmentView[]> {
  return readEnvironments(db, sql`${serviceRef}`);
}

export type MatrixFilter = { team?: string; system?: string; services?: string[]; limit?: number; offset?: number };
export type Matrix = {
  services: { ref: string; title: string | null }[];
  environments: string[];
  cells: ServiceEnvironmentView[];
  total: number;
};

/** Services × environments for the global page, filtered by owning team and system, a page of services at a time. */
export async function environmentsMatrix(db: DbOrTx, filter: MatrixFilter = {}): Promise<Matrix> {
  const where: SQL[] = [sql`exists (select 1 from service_environments se where se.service_ref = e.ref)`];
  if (filter.team) where.push(sql`e.owner_ref = ${filter.team}`);
  if (filter.system) where.push(sql`e.system_ref = ${filter.system}`);
  if (filter.services?.length) where.push(sql`e.ref in (${sqlList(filter.services)})`);
  const limit = Math.min(filter.limit ?? 100, 500);
  // Filtered: the team's/system's components (indexed), kept when they have environments.
  // Unfiltered: the distinct services of service_environments (its primary key, in order).
  const serviceSet =
    filter.team || filter.system || filter.services?.length
      ? sql`select e.ref as service_ref from entities e where ${sql.join(where, sql` and `)}`
      : sql`select distinct service_ref from service_environments`;
  const page = await queryRows<{ service_ref: string; total: number }>(
    db,
    sql`select service_ref, count(*) over () as total from (${serviceSet}) p order by service_ref limit ${limit} offset ${filter.offset ?? 0}`,
  );
  if (page.length === 0) return { services: [], environments: [], cells: [], total: 0 };
  const cells = await readEnvironments(
    db,
    sql.join(
      page.map((p) => sql`${p.service_ref}`),
      sql`, `,
    ),
  );
  const titles = new Map(cells.map((c) => [c.service, c.serviceTitle]));
  return {
    services: page.map((p) => ({ ref: p.service_ref, title: titles.get(p.service_ref) ?? null })),
    environments: sortEnvironmentNames([...new Set(cells.map((c) => c.name))]),
    cells,
    total: Number(page[0].total),
  };
}

/** GET /api/v1/environments?service=: the named service's environments (404 when it is not in the catalog). */
export async function environmentsOfService(db: DbOrTx, service: string): Promise<ServiceEnvironmentView[]> {
  const { ref } = await requireService(db, service);
  return listServiceEnvironments(db, ref);
}
