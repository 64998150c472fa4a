// The facts of a batch of entities, read from what Portolan already stores: the descriptor, its
// relations, deployments (DORA arithmetic from lib/dora), service environments with their health
// roll-up, probe history, and the GitHub sync's repository rows. No outside call. A few queries per
// batch, each over an index by service; only the fact families some scorecard reads are queried.
import { sql } from "drizzle-orm";
import { queryRows, sqlList, sqlTextArray, type DbOrTx } from "@/db/client";
import { repositoryOfSql } from "@/lib/catalog/repository-of";
import { environmentRank, environmentsMatrix } from "@/lib/delivery/service-environments";
import { computeDora } from "@/lib/dora/compute";
import { productionDeployments } from "@/lib/dora/queries";
import { dynamic, unknown, type FactTree } from "./fact-tree";

export type FactFamily = "relations" | "delivery" | "health" | "github";
const FAMILIES: FactFamily[] = ["relations", "delivery", "health", "github"];

/** The fact families a set of fact names reads (entity.* is always there). */
export function familiesOf(facts: Iterable<string>): Set<FactFamily> {
  const out = new Set<FactFamily>();
  for (const fact of facts) {
    const family = fact.split(".")[0] as FactFamily;
    if (FAMILIES.includes(family)) out.add(family);
  }
  return out;
}

const DAY = 86_400_000;
const SUCCEEDED = ["success", "inactive"];
const toDate = (v: string | Date | null) => (v === null ? null : new Date(v));
const daysSince = (at: Date, now: Date) => Math.round(((now.getTime() - at.getTime()) / DAY) * 10) / 10;

async function readRelations(db: DbOrTx, refs: string[]) {
  const rows = await queryRows<{ source_ref: string; type: string; target_ref: string }>(
    db,
    sql`select distinct source_ref, type, target_ref from relations where source_ref = any(${sqlTextArray(refs)})`,
  );
  const byEntity = new Map<string, Map<string, Set<string>>>();
  for (const r of rows) {
    const types = byEntity.get(r.source_ref) ?? new Map<string, Set<string>>();
    types.set(r.type, (types.get(r.type) ?? new Set()).add(r.target_ref));
    byEntity.set(r.source_ref, types);
  }
  return (ref: string) =>
    dynamic((type) => {
      const targets = [...(byEntity.get(ref)?.get(type) ?? [])].sort();
      return { count: targets.length, refs: targets };
    });
}

async function readDelivery(db: DbOrTx, refs: string[], now: Date) {
  const production = await productionDeployments(db, refs, 30);
  const rows = await queryRows<{
    service_ref: string;
    environment: string;
    recent: number;
    last_at: string | Date | null;
  }>(
    db,
    sql`select service_ref, environment,
               count(*) filter (where status in (${sqlList(SUCCEEDED)}) and started_at >= now() - interval '30 days')::int as recent,
               max(coalesce(finished_at, started_at)) filter (where status in (${sqlList(SUCCEEDED)})) as last_at
        from deployments where service_ref = any(${sqlTextArray(refs)}) group by service_ref, environment`,
  );
  const environments = new Map<string, Map<string, { recent: number; lastAt: Date | null }>>();
  for (const r of rows) {
    const byEnv = environments.get(r.service_ref) ?? new Map();
    byEnv.set(r.environment, { recent: Number(r.recent), lastAt: toDate(r.last_at) });
    environments.set(r.service_ref, byEnv);
  }
  // Most entities have no production deployment: their figures are the same, computed once a batch.
  const withoutDeployments = computeDora([], { days: 30, now });
  return (ref: string) => {
    const records = production.get(ref);
    const dora = records?.length ? computeDora(records, { days: 30, now }) : withoutDeployments;
    const byEnv = environments.get(ref) ?? new Map<string, { recent: number; lastAt: Date | null }>();
    const last = [...byEnv.values()]
      .map((e) => e.lastAt)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    const environment = (name: string) => {
      const e = byEnv.get(name);
      if (!e?.lastAt) return { deploymentsLast30Days: e?.recent ?? 0 };
      return {
        deploymentsLast30Days: e.recent,
        lastDeployedAt: e.lastAt.toISOString(),
        daysSinceLastDeployment: daysSince(e.lastAt, now),
      };
    };
    return {
      deploymentsLast30Days: dora.deployments,
      changeFailureRate30d: dora.changeFailureRate ?? unknown("no finished production deployment in the last 30 days"),
      leadTimeHours30d:
        dora.leadTimeHours ?? unknown("no production deployment in the last 30 days carries its first commit's time"),
      timeToRestoreHours30d:
        dora.timeToRestoreHours ??
        unknown("no failed production deployment was followed by a successful one in the last 30 days"),
      ...(last ? { lastDeployedAt: last.toISOString(), daysSinceLastDeployment: daysSince(last, now) } : {}),
      environments: [...byEnv.keys()].filter((name) => byEnv.get(name)?.lastAt).sort(),
      environment: dynamic(environment),
    };
  };
}

async function readHealth(db: DbOrTx, refs: string[]) {
  const matrix = await environmentsMatrix(db, { services: refs, limit: refs.length });
  const uptimes = await queryRows<{ service_ref: string; environment: string; uptime: string | number }>(
    db,
    sql`select service_ref, environment, avg(case when is_ok then 1.0 else 0 end) as uptime
        from health_probes where service_ref = any(${sqlTextArray(refs)}) and probed_at > now() - interval '7 days'
        group by service_ref, environment`,
  );
  const uptime = new Map(uptimes.map((u) => [`${u.service_ref}\n${u.environment}`, Number(u.uptime)]));
  return (ref: string) => {
    const cells = matrix.cells.filter((c) => c.service === ref);
    const environment = (name: string) => {
      const cell = cells.find((c) => c.name === name);
      if (!cell) return unknown(`${ref} has not been deployed to ${name}`);
      const share = uptime.get(`${ref}\n${name}`);
      return {
        status:
          cell.health.state === "unknown" ? unknown(`health of ${name}: ${cell.health.reason}`) : cell.health.state,
        uptime7d:
          share === undefined
            ? unknown(`no health probe of ${name} in the last 7 days (it needs a health URL)`)
            : Math.round(share * 10000) / 10000,
      };
    };
    const production = cells.find((c) => environmentRank(c.name) === 0);
    return {
      ...(production
        ? (environment(production.name) as Record<string, unknown>)
        : {
            status: unknown(`${ref} has no production environment (no deployment to production yet)`),
            uptime7d: unknown(`${ref} has no production environment (no deployment to production yet)`),
          }),
      environment: dynamic(environment),
    };
  };
}

async function readGithub(db: DbOrTx, refs: string[]) {
  const rows = await queryRows<{
    ref: string;
    repository: string | null;
    full_name: string | null;
    is_archived: boolean | null;
    default_branch: string | null;
    codeowners_team: string | null;
    descriptor_files: string[] | null;
    last_synced_at: string | Date | null;
  }>(
    db,
    sql`select e.ref, r.repository, gr.full_name, gr.is_archived, gr.default_branch, gr.codeowners_team,
               gr.descriptor_files, gr.last_synced_at
        from entities e
        cross join lateral (select ${repositoryOfSql(sql`e.ref`)} as repository) r
        left join github_repositories gr on lower(gr.full_name) = lower(r.repository)
        where e.ref = any(${sqlTextArray(refs)})`,
  );
  const byRef = new Map(rows.map((r) => [r.ref, r]));
  const notRead = unknown("the GitHub sync does not read this yet");
  return (ref: string) => {
    const r = byRef.get(ref);
    if (!r?.repository)
      return unknown(
        `${ref} names no GitHub repository (annotation github.com/project-slug) and was not synced from one`,
      );
    if (!r.full_name) return unknown(`${r.repository} has not been read by the GitHub sync`);
    return {
      repository: r.full_name,
      archived: Boolean(r.is_archived),
      defaultBranch: r.default_branch,
      ...(r.codeowners_team ? { codeownersTeam: r.codeowners_team } : {}),
      hasDescriptor: (r.descriptor_files ?? []).length > 0,
      ...(r.last_synced_at ? { lastSyncedAt: new Date(r.last_synced_at).toISOString() } : {}),
      hasReadme: notRead,
      defaultBranchProtected: notRead,
    };
  };
}

/** Facts of each entity of `refs` (at most a few hundred at a time) that is in the catalog. */
export async function collectFacts(
  db: DbOrTx,
  refs: string[],
  families: Set<FactFamily>,
  now = new Date(),
): Promise<Map<string, FactTree>> {
  const out = new Map<string, FactTree>();
  if (!refs.length) return out;
  const bodies = await queryRows<{ ref: string; body: Record<string, unknown> }>(
    db,
    sql`select ref, body from entities where ref = any(${sqlTextArray(refs)})`,
  );
  const relations = families.has("relations") ? await readRelations(db, refs) : null;
  const delivery = families.has("delivery") ? await readDelivery(db, refs, now) : null;
  const health = families.has("health") ? await readHealth(db, refs) : null;
  const github = families.has("github") ? await readGithub(db, refs) : null;
  for (const { ref, body } of bodies) {
    out.set(ref, {
      entity: body,
      ...(relations ? { relations: relations(ref) } : {}),
      ...(delivery ? { delivery: delivery(ref) } : {}),
      ...(health ? { health: health(ref) } : {}),
      ...(github ? { github: github(ref) } : {}),
    });
  }
  return out;
}
