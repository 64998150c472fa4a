// Reads of scorecards and their stored results, for the API and the pages. Results come from
// scorecard_results (kept fresh by the scorecards-refresh job); an entity a scorecard applies to that
// has no stored result yet is evaluated on the spot, so a new service never shows "no data".
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { queryRows, sqlList, type DbOrTx } from "@/db/client";
import type { StoredRuleOutcome } from "@/db/schema";
import { canonicalRef } from "@/lib/catalog/refs";
import { readCursor, writeCursor } from "@/lib/cursor";
import { AppError } from "@/lib/errors";
import { appliesToSql } from "./applies-to";
import { collectFacts, familiesOf } from "./collect-facts";
import type { Scorecard } from "./definition";
import { compileScorecard, evaluateScorecard } from "./evaluate";
import type { LoadedScorecard } from "./load-scorecards";
import type { EntityScorecard, ResultItem, ScorecardResultPage, ScorecardSummary, scorecardList } from "./responses";

export const scorecardResultsQuery = z.object({
  owner: z.string().max(300).optional(),
  system: z.string().max(300).optional(),
  lifecycle: z.string().max(63).optional(),
  level: z.string().max(63).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(600).optional(),
  /** csv: every matching service (not a page), a column per rule. */
  format: z.enum(["json", "csv"]).default("json"),
});
type ResultsFilter = Omit<z.infer<typeof scorecardResultsQuery>, "format">;

export const summarize = (s: Scorecard): ScorecardSummary => ({
  name: s.name,
  title: s.title,
  description: s.description,
  levels: s.levels,
  rules: s.rules.map((r) => ({ id: r.id, level: r.level, title: r.title, how: r.how })),
});

/** GET /api/v1/scorecards: the usable scorecards, and the broken ones with their problems. */
export function listScorecards(loaded: LoadedScorecard[]): z.output<typeof scorecardList> {
  return {
    items: loaded.flatMap((s) => (s.ok ? [summarize(s.scorecard)] : [])),
    broken: loaded.flatMap((s) => (s.ok ? [] : [{ file: s.file, name: s.name, problems: s.problems }])),
  };
}

export function requireScorecard(name: string, loaded: LoadedScorecard[]): Scorecard {
  const found = loaded.find((s) => (s.ok ? s.scorecard.name : s.name) === name);
  if (found?.ok) return found.scorecard;
  if (found)
    throw new AppError(
      "unprocessable:scorecard",
      `Scorecard ${name} is broken and not applied (${found.file}): ${found.problems.map((p) => `${p.field || "(document)"}: ${p.message}`).join("; ")}`,
    );
  throw new AppError("not_found:scorecard", `No scorecard named ${name} (GET /api/v1/scorecards lists them).`);
}

const refOf = (value: string, defaultKind: string) => canonicalRef(value, defaultKind) ?? value.toLowerCase();
const cursorSchema = z.tuple([z.string().max(300)]);

type ResultRow = {
  entity_ref: string;
  title: string | null;
  owner_ref: string | null;
  level: string | null;
  score: number;
  rules: StoredRuleOutcome[];
  computed_at: string | Date;
};
const toItem = (r: ResultRow): ResultItem => ({
  entityRef: r.entity_ref,
  title: r.title,
  owner: r.owner_ref,
  level: r.level,
  score: Number(r.score),
  rules: r.rules,
  computedAt: new Date(r.computed_at).toISOString(),
});

function levelCondition(scorecard: Scorecard, level: string): SQL {
  if (level === "none") return sql`r.level_rank = -1`;
  if (!scorecard.levels.includes(level))
    throw new AppError(
      "bad_request:level",
      `level must be one of ${[...scorecard.levels, "none"].join(", ")} for scorecard ${scorecard.name}.`,
      [{ field: "level", message: `unknown level "${level}"` }],
    );
  return sql`r.level_rank = ${scorecard.levels.indexOf(level)}`;
}

/** GET /api/v1/scorecards/{name}: each applying entity's result, by ref, a page at a time. */
export async function scorecardResults(
  db: DbOrTx,
  scorecard: Scorecard,
  query: ResultsFilter,
): Promise<ScorecardResultPage> {
  const where: SQL[] = [sql`r.scorecard = ${scorecard.name}`];
  if (query.owner) where.push(sql`r.owner_ref = ${refOf(query.owner, "group")}`);
  if (query.system) where.push(sql`e.system_ref = ${refOf(query.system, "system")}`);
  if (query.lifecycle) where.push(sql`lower(e.lifecycle) = ${query.lifecycle.toLowerCase()}`);
  if (query.level) where.push(levelCondition(scorecard, query.level));
  if (query.cursor) where.push(sql`r.entity_ref > ${readCursor(cursorSchema, query.cursor)[0]}`);
  const rows = await queryRows<ResultRow>(
    db,
    sql`select r.entity_ref, e.title, r.owner_ref, r.level, r.score, r.rules, r.computed_at
        from scorecard_results r join entities e on e.ref = r.entity_ref
        where ${sql.join(where, sql` and `)} order by r.entity_ref limit ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > query.limit ? writeCursor([page[page.length - 1].entity_ref]) : null,
  };
}

/** Every scorecard that applies to one entity, with its result (evaluated now when none is stored yet). */
export async function entityScorecards(
  db: DbOrTx,
  entityRef: string,
  scorecards: Scorecard[],
): Promise<EntityScorecard[]> {
  const out: EntityScorecard[] = [];
  const stored = await queryRows<ResultRow & { scorecard: string }>(
    db,
    sql`select r.scorecard, r.entity_ref, null as title, r.owner_ref, r.level, r.score, r.rules, r.computed_at
        from scorecard_results r where r.entity_ref = ${entityRef}`,
  );
  // Which scorecards apply, in one statement: a column per scorecard (a0, a1, …), not a query each.
  const [applies] = scorecards.length
    ? await queryRows<Record<string, boolean>>(
        db,
        sql`select ${sql.join(
          scorecards.map((s, i) => sql`(${appliesToSql(s.appliesTo)}) as ${sql.identifier(`a${i}`)}`),
          sql`, `,
        )} from entities e where e.ref = ${entityRef}`,
      )
    : [];
  for (const [i, scorecard] of scorecards.entries()) {
    if (!applies?.[`a${i}`]) continue;
    const row = stored.find((s) => s.scorecard === scorecard.name);
    const result = row ? toItem(row) : await evaluateNow(db, scorecard, entityRef);
    const byId = new Map(scorecard.rules.map((r) => [r.id, r]));
    out.push({
      ...summarize(scorecard),
      level: result.level,
      score: result.score,
      computedAt: result.computedAt,
      rules: result.rules.map((r) => ({
        ...r,
        title: byId.get(r.id)?.title ?? r.id,
        how: byId.get(r.id)?.how ?? null,
      })),
    });
  }
  return out;
}

async function evaluateNow(db: DbOrTx, scorecard: Scorecard, entityRef: string) {
  const compiled = compileScorecard(scorecard);
  const facts = await collectFacts(db, [entityRef], familiesOf(compiled.facts));
  const outcome = await evaluateScorecard(compiled, facts.get(entityRef) ?? {});
  return { ...outcome, computedAt: new Date().toISOString() };
}

export type LevelCount = { level: string | null; count: number };

/** How many entities are at each level (null: none), for facets and the scorecard page. */
export async function levelCounts(db: DbOrTx, scorecard: Scorecard, owner?: string): Promise<LevelCount[]> {
  // By level_rank (-1: none), so the whole count is read from an index, never from the result rows.
  const rows = await queryRows<{ rank: number; n: number }>(
    db,
    sql`select level_rank as rank, count(*)::int as n from scorecard_results
        where scorecard = ${scorecard.name} ${owner ? sql`and owner_ref = ${refOf(owner, "group")}` : sql``}
        group by level_rank`,
  );
  return [null, ...scorecard.levels].map((level, i) => ({
    level,
    count: rows.find((r) => r.rank === i - 1)?.n ?? 0,
  }));
}

/** A team page lists this many of a team's services per scorecard (the lowest first); the scorecard page has all. */
const TEAM_SERVICES = 10;

export type TeamScorecard = ScorecardSummary & {
  counts: LevelCount[];
  /** The team's lowest-level, lowest-score services (at most TEAM_SERVICES; counts has the total). */
  services: { entityRef: string; title: string | null; level: string | null; score: number }[];
  /** Rules not passed by the team's services, lowest level first, then by how many services. */
  fixFirst: { id: string; level: string; title: string; how: string | null; failing: number; unknown: number }[];
};

/** A team's services on every scorecard: their levels, and which rules to fix first. */
export async function teamScorecards(db: DbOrTx, teamRef: string, scorecards: Scorecard[]): Promise<TeamScorecard[]> {
  const out: TeamScorecard[] = [];
  if (!scorecards.length) return out;
  // The scorecards with a result for this team, in one look at the (scorecard, owner_ref) index: the
  // others cost no query each.
  const present = await queryRows<{ scorecard: string }>(
    db,
    sql`select distinct scorecard from scorecard_results
        where scorecard in (${sqlList(scorecards.map((s) => s.name))}) and owner_ref = ${teamRef}`,
  );
  const withResults = new Set(present.map((p) => p.scorecard));
  for (const scorecard of scorecards.filter((s) => withResults.has(s.name))) {
    const services = await queryRows<{ entity_ref: string; title: string | null; level: string | null; score: number }>(
      db,
      sql`select r.entity_ref, e.title, r.level, r.score from scorecard_results r join entities e on e.ref = r.entity_ref
          where r.scorecard = ${scorecard.name} and r.owner_ref = ${teamRef} order by r.level_rank, r.score, r.entity_ref limit ${TEAM_SERVICES}`,
    );
    if (!services.length) continue;
    const open = await queryRows<{ id: string; failing: number; unknown: number }>(
      db,
      sql`select x->>'id' as id, count(*) filter (where x->>'status' = 'failed')::int as failing,
                 count(*) filter (where x->>'status' = 'unknown')::int as unknown
          from scorecard_results r cross join lateral jsonb_array_elements(r.rules) x
          where r.scorecard = ${scorecard.name} and r.owner_ref = ${teamRef} and x->>'status' <> 'passed'
          group by x->>'id'`,
    );
    const rank = (level: string) => scorecard.levels.indexOf(level);
    const fixFirst = scorecard.rules
      .map((rule) => ({ rule, counts: open.find((o) => o.id === rule.id) }))
      .filter((r) => r.counts)
      .sort(
        (a, b) =>
          rank(a.rule.level) - rank(b.rule.level) ||
          b.counts!.failing + b.counts!.unknown - (a.counts!.failing + a.counts!.unknown),
      )
      .map(({ rule, counts }) => ({
        id: rule.id,
        level: rule.level,
        title: rule.title,
        how: rule.how,
        failing: counts!.failing,
        unknown: counts!.unknown,
      }));
    out.push({
      ...summarize(scorecard),
      counts: await levelCounts(db, scorecard, teamRef),
      services: services.map((s) => ({
        entityRef: s.entity_ref,
        title: s.title,
        level: s.level,
        score: Number(s.score),
      })),
      fixFirst,
    });
  }
  return out;
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The filtered results as CSV: one line per service, a column per rule (passed/failed/unknown). */
export async function scorecardCsv(db: DbOrTx, scorecard: Scorecard, query: ResultsFilter): Promise<string> {
  const lines = [
    ["entityRef", "title", "owner", "level", "score", ...scorecard.rules.map((r) => r.id)].map(csvCell).join(","),
  ];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await scorecardResults(db, scorecard, { ...query, limit: 500, cursor });
    for (const item of result.items) {
      const status = new Map(item.rules.map((r) => [r.id, r.status]));
      lines.push(
        [
          item.entityRef,
          item.title,
          item.owner,
          item.level ?? "",
          item.score,
          ...scorecard.rules.map((r) => status.get(r.id) ?? ""),
        ]
          .map(csvCell)
          .join(","),
      );
    }
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return `${lines.join("\n")}\n`;
}

/** The owners, systems and lifecycles among a scorecard's services, for the page's filters. */
export async function scorecardFilterOptions(db: DbOrTx, scorecard: Scorecard) {
  const rows = await queryRows<{ owners: string[] | null; systems: string[] | null; lifecycles: string[] | null }>(
    db,
    sql`select array_agg(distinct r.owner_ref) filter (where r.owner_ref is not null) as owners,
               array_agg(distinct e.system_ref) filter (where e.system_ref is not null) as systems,
               array_agg(distinct lower(e.lifecycle)) filter (where e.lifecycle is not null) as lifecycles
        from scorecard_results r join entities e on e.ref = r.entity_ref where r.scorecard = ${scorecard.name}`,
  );
  const sorted = (values: string[] | null | undefined) => [...(values ?? [])].sort();
  return {
    owners: sorted(rows[0]?.owners),
    systems: sorted(rows[0]?.systems),
    lifecycles: sorted(rows[0]?.lifecycles),
  };
}
