// Delivery bench: BENCH_DEPLOYMENTS deployments (default 1,000,000 on real Postgres, 100,000 on the
// embedded database) across 2,000 services, generated in SQL with generate_series; prints p95 of the
// environments matrix, a service's timeline and DORA.
import { sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { environmentsMatrixWithPreviews } from "@/lib/delivery/previews";
import { listDeployments } from "@/lib/delivery/queries";
import { serviceDora, teamDora } from "@/lib/dora/queries";
import { readNumber } from "@/lib/runtime/settings";
import { formatSummary, summarise, timeMany } from "./stats";

const SERVICES = 2_000;
const TEAMS = 50;
const TARGET_MS = 50;
const READER: Actor = { kind: "system", name: "bench", role: "admin" };

export async function benchDelivery(database: Database): Promise<void> {
  const { db } = database;
  const total = readNumber({
    name: "BENCH_DEPLOYMENTS",
    default: database.kind === "postgres" ? 1_000_000 : 100_000,
    min: 1,
    max: 100_000_000,
    integer: true,
    outOfRange: "refuse",
  });
  const runs = readNumber({
    name: "BENCH_RUNS",
    default: 200,
    min: 1,
    max: 100_000,
    integer: true,
    outOfRange: "refuse",
  });
  console.log(`\n# delivery on ${database.kind}: ${total.toLocaleString("en")} deployments, ${SERVICES} services`);
  let started = performance.now();
  await generateDeliveryData(db, total);
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const service = (i: number) => `component:default/svc-${1 + ((i * 7919) % SERVICES)}`;
  const team = (i: number) => `group:default/team-${i % TEAMS}`;
  started = performance.now();
  const results: [string, number[]][] = [
    [
      "environments matrix, one team (40 services)",
      await timeMany(runs, (i) => environmentsMatrixWithPreviews(db, READER, { team: team(i) })),
    ],
    [
      "environments matrix, first 100 services",
      await timeMany(Math.min(runs, 50), () => environmentsMatrixWithPreviews(db, READER, {})),
    ],
    [
      "service timeline (50 newest, all envs)",
      await timeMany(runs, (i) => listDeployments(db, { service: service(i), limit: 50 })),
    ],
    [
      "service timeline, production, page 2",
      await timeMany(runs, async (i) => {
        const first = await listDeployments(db, { service: service(i), environment: "production", limit: 50 });
        return first.nextCursor
          ? listDeployments(db, { service: service(i), environment: "production", limit: 50, cursor: first.nextCursor })
          : null;
      }),
    ],
    ["DORA, one service, 90 days", await timeMany(runs, (i) => serviceDora(db, service(i), 90))],
    ["DORA, one team (40 services), 30 days", await timeMany(Math.min(runs, 50), (i) => teamDora(db, team(i), 30))],
  ];
  for (const [label, samples] of results) console.log(formatSummary(label, summarise(samples), TARGET_MS));
  console.log(`queries in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Services (components, stored lowercase as the catalog stores kinds), their environments and `total` deployments. */
export async function generateDeliveryData(db: Db, total: number): Promise<void> {
  await db.execute(
    sql`insert into locations (id, type, target) values ('bench:delivery', 'bench', 'bench') on conflict do nothing`,
  );
  await db.execute(sql`insert into entities (ref, kind, namespace, name, title, owner_ref, system_ref, body, hash, location_id)
    select 'component:default/svc-' || g, 'component', 'default', 'svc-' || g, 'Service ' || g, 'group:default/team-' || (g % ${TEAMS}),
           'system:default/sys-' || (g % 20), jsonb_build_object('kind', 'Component', 'metadata', jsonb_build_object('name', 'svc-' || g)), 'h', 'bench:delivery'
    from generate_series(1, ${SERVICES}) g on conflict do nothing`);
  await db.execute(sql`insert into service_environments (service_ref, name, url, last_deployed_at)
    select 'component:default/svc-' || s, e, 'https://svc-' || s || '.' || e || '.example', now()
    from generate_series(1, ${SERVICES}) s, unnest(array['production', 'staging', 'qa']) e on conflict do nothing`);
  // Spread over a year, newest first by g; 1 in 20 fails; production every third deployment.
  await db.execute(sql`insert into deployments (source, external_id, service_ref, environment, ref, sha, version, status, deployed_by, started_at, finished_at, first_commit_at)
    select 'api', 'bench-' || g, 'component:default/svc-' || (1 + g % ${SERVICES}),
           (array['production', 'staging', 'qa'])[1 + (g / ${SERVICES}) % 3],
           'v' || (g / ${SERVICES * 3}) || '.0.0', md5(g::text), 'v' || (g / ${SERVICES * 3}) || '.0.0',
           case when g % 20 = 0 then 'failure' else 'success' end, 'bench',
           now() - make_interval(secs => g * (31536000.0 / ${total})),
           now() - make_interval(secs => g * (31536000.0 / ${total})) + interval '5 minutes',
           now() - make_interval(secs => g * (31536000.0 / ${total})) - interval '1 day'
    from generate_series(1, ${total}) g`);
  await db.execute(sql`analyze deployments`);
  await db.execute(sql`analyze service_environments`);
  await db.execute(sql`analyze entities`);
}
