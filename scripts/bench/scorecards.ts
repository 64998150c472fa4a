// Scorecards bench: BENCH_SCORECARD_SERVICES services (default 20,000 on real Postgres, 2,000 embedded)
// with 10 deployments each, 5 scorecards of 20 rules over entity, relations and delivery facts;
// prints the full recompute, an incremental refresh after one deployment, and the scorecard page's p95.
import { sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import { readNumber } from "@/lib/runtime/settings";
import { parseScorecard, type Scorecard } from "@/lib/scorecards/definition";
import { scorecardResults } from "@/lib/scorecards/queries";
import { refreshScorecards } from "@/lib/scorecards/refresh";
import { formatSummary, summarise, timeMany } from "./stats";

const TEAMS = 50;

function syntheticScorecard(n: number): Scorecard {
  const facts = [
    { fact: "entity.spec.owner", operator: "exists" },
    { fact: "entity.metadata.description", operator: "minLength", value: 5 },
    { fact: "relations.ownedBy.count", operator: "greaterThanInclusive", value: 1 },
    { fact: "delivery.deploymentsLast30Days", operator: "greaterThanInclusive", value: 3 },
    { fact: "delivery.changeFailureRate30d", operator: "lessThanInclusive", value: 0.2 },
  ];
  const parsed = parseScorecard({
    apiVersion: "portolan.dev/v1alpha1",
    kind: "Scorecard",
    metadata: { name: `bench-${n}` },
    spec: {
      appliesTo: { kind: "component" },
      levels: ["bronze", "silver", "gold"],
      rules: Array.from({ length: 20 }, (_, i) => ({
        id: `rule-${i}`,
        level: ["bronze", "silver", "gold"][i % 3],
        check: i % 4 === 0 ? { any: [facts[i % 5], facts[(i + 1) % 5]] } : facts[i % 5],
      })),
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scorecard;
}

async function generate(db: Db, services: number) {
  await db.execute(sql`insert into locations (id, type, target) values ('bench:scorecards', 'bench', 'bench')`);
  await db.execute(sql`insert into entities (ref, kind, namespace, name, spec_type, owner_ref, body, hash, location_id)
    select 'component:default/sc-' || g, 'component', 'default', 'sc-' || g, 'service', 'group:default/team-' || (g % ${TEAMS}),
           jsonb_build_object('kind', 'Component', 'metadata', jsonb_build_object('name', 'sc-' || g, 'description', case when g % 3 = 0 then 'A service.' end),
                              'spec', jsonb_build_object('type', 'service', 'owner', 'team-' || (g % ${TEAMS}))),
           'h', 'bench:scorecards'
    from generate_series(1, ${services}) g`);
  await db.execute(sql`insert into relations (source_ref, type, target_ref, origin_ref)
    select ref, 'ownedBy', owner_ref, ref from entities where location_id = 'bench:scorecards'`);
  await db.execute(sql`insert into deployments (source, external_id, service_ref, environment, version, status, started_at, finished_at)
    select 'api', 'sc-' || g || '-' || d, 'component:default/sc-' || g, 'production', '1.' || d,
           case when (g + d) % 7 = 0 then 'failure' else 'success' end,
           now() - make_interval(days => d * 3), now() - make_interval(days => d * 3)
    from generate_series(1, ${services}) g, generate_series(1, 10) d`);
}

export async function benchScorecards(database: Database): Promise<void> {
  const { db } = database;
  const services = readNumber({
    name: "BENCH_SCORECARD_SERVICES",
    default: database.kind === "postgres" ? 20_000 : 2_000,
    min: 1,
    max: 1_000_000,
    integer: true,
    outOfRange: "refuse",
  });
  const scorecards = Array.from({ length: 5 }, (_, i) => syntheticScorecard(i));
  console.log(`\n# scorecards on ${database.kind}: ${services.toLocaleString("en")} services, 5 scorecards × 20 rules`);
  let started = performance.now();
  await generate(db, services);
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const full = await refreshScorecards(db, { mode: "full" }, scorecards);
  console.log(`full recompute: ${full.entities} services in ${(full.durationMs / 1000).toFixed(1)} s (target ≤ 30 s)`);

  await db.execute(sql`insert into deployments (source, external_id, service_ref, environment, version, status, started_at)
    values ('api', 'sc-one', 'component:default/sc-1', 'production', '2.0', 'success', now())`);
  started = performance.now();
  await refreshScorecards(db, { mode: "entities", refs: ["component:default/sc-1"] }, scorecards);
  console.log(`refresh after one deployment: ${(performance.now() - started).toFixed(0)} ms (target ≤ 1000 ms)`);

  const page = await timeMany(100, (i) =>
    scorecardResults(db, scorecards[i % 5], { owner: `team-${i % TEAMS}`, limit: 200 }),
  );
  console.log(formatSummary("scorecard page, one team (200 rows)", summarise(page), 100));
  const first = await timeMany(100, (i) => scorecardResults(db, scorecards[i % 5], { limit: 200 }));
  console.log(formatSummary("scorecard page, first 200 services", summarise(first), 100));
}
