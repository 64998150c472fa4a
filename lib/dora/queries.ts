import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx, sqlList, sqlTextArray } from "@/db/client";
import { setting } from "@/lib/runtime/settings";
import { computeDora, computeTeamDora, type DoraDeployment, type DoraFigures, type DoraIncident } from "./compute";

const PRODUCTION = ["production", "prod"];

type Row = {
  service_ref: string;
  status: string;
  started_at: string | Date;
  finished_at: string | Date | null;
  first_commit_at: string | Date | null;
};

/**
 * A GitHub deployment carries no first-commit time; when a compare of two releases has been fetched
 * (release_comparisons) whose head is the deployed tag or sha, the oldest commit in it is the first
 * commit of the change. The compare closest to the head (fewest commits) wins. No GitHub call.
 */
const firstCommitFromCompare = sql`select (select min((c->>'date')::timestamptz) from jsonb_array_elements(rc.commits) c)
  from release_comparisons rc
  where rc.repo = d.repo and rc.status = 'ready' and (rc.head = d.ref or rc.commits->-1->>'sha' = d.sha)
  order by rc.total_commits nulls last limit 1`;

/** Production deployments of some services in the last `days`: one index range per service. */
export async function productionDeployments(
  db: DbOrTx,
  serviceRefs: string[],
  days: number,
): Promise<Map<string, DoraDeployment[]>> {
  const out = new Map<string, DoraDeployment[]>(serviceRefs.map((r) => [r, []]));
  if (serviceRefs.length === 0) return out;
  const rows = await queryRows<Row>(
    db,
    sql`select d.service_ref, d.status, d.started_at, d.finished_at,
               coalesce(d.first_commit_at, case when d.source = 'github' and d.status = 'success' then (${firstCommitFromCompare}) end) as first_commit_at
        from deployments d
        where service_ref = any(${sqlTextArray(serviceRefs)})
          and environment in (${sqlList(PRODUCTION)})
          and started_at >= now() - make_interval(days => ${days})`,
  );
  for (const r of rows) {
    out.get(r.service_ref)?.push({
      status: r.status,
      startedAt: new Date(r.started_at),
      finishedAt: r.finished_at ? new Date(r.finished_at) : null,
      firstCommitAt: r.first_commit_at ? new Date(r.first_commit_at) : null,
    });
  }
  return out;
}

/** Incidents of the services' production environments that began in the last `days`. */
export async function productionIncidents(
  db: DbOrTx,
  serviceRefs: string[],
  days: number,
): Promise<Map<string, DoraIncident[]>> {
  const out = new Map<string, DoraIncident[]>(serviceRefs.map((r) => [r, []]));
  if (serviceRefs.length === 0) return out;
  const rows = await queryRows<{ service_ref: string; started_at: string | Date; resolved_at: string | Date | null }>(
    db,
    sql`select service_ref, started_at, resolved_at from incidents
        where service_ref = any(${sqlTextArray(serviceRefs)})
          and environment in (${sqlList(PRODUCTION)})
          and started_at >= now() - make_interval(days => ${days})`,
  );
  for (const r of rows)
    out.get(r.service_ref)?.push({
      startedAt: new Date(r.started_at),
      resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
    });
  return out;
}

const options = (days: number) => ({ days, now: new Date(), incidentWindowHours: setting("doraIncidentWindowHours") });

export async function serviceDora(db: DbOrTx, serviceRef: string, days: number): Promise<DoraFigures> {
  const [deployments, incidents] = await Promise.all([
    productionDeployments(db, [serviceRef], days),
    productionIncidents(db, [serviceRef], days),
  ]);
  return computeDora(deployments.get(serviceRef) ?? [], options(days), incidents.get(serviceRef) ?? []);
}

/** A team's figures over the components it owns. */
export async function teamDora(db: DbOrTx, teamRef: string, days: number): Promise<DoraFigures & { services: number }> {
  const services = await queryRows<{ ref: string }>(
    db,
    sql`select ref from entities where owner_ref = ${teamRef} and lower(kind) = 'component'`,
  );
  const refs = services.map((s) => s.ref);
  const [deployments, incidents] = await Promise.all([
    productionDeployments(db, refs, days),
    productionIncidents(db, refs, days),
  ]);
  const byService = refs.map((ref) => ({
    deployments: deployments.get(ref) ?? [],
    incidents: incidents.get(ref) ?? [],
  }));
  return { ...computeTeamDora(byService, options(days)), services: services.length };
}
