// Keeps scorecard_results current: evaluates the usable scorecards for a set of entities (all of
// them, those whose facts changed since the last refresh, or named ones) in batches, writes each
// batch's results in one transaction, and a history row for every result that changed.
import { sql } from "drizzle-orm";
import { queryRows, sqlList, sqlTextArray, type Db, type DbOrTx } from "@/db/client";
import { scorecardRuns, type StoredRuleOutcome } from "@/db/schema";
import { analyzeDue, plannerRowEstimate } from "@/lib/catalog/planner-stats";
import { appliesToSql } from "./applies-to";
import { collectFacts, familiesOf } from "./collect-facts";
import type { Scorecard } from "./definition";
import { compileScorecard, evaluateScorecard, type CompiledScorecard, type ScorecardOutcome } from "./evaluate";

export type RefreshRequest = { mode: "full" } | { mode: "changed" } | { mode: "entities"; refs: string[] };
export type RefreshSummary = { mode: RefreshRequest["mode"]; entities: number; changed: number; durationMs: number };

const BATCH = 1000;

// Compiled engines by scorecard object: the loader returns the same object while its file is unchanged.
const compiledCache = new WeakMap<Scorecard, CompiledScorecard>();
function compiled(scorecard: Scorecard): CompiledScorecard {
  let c = compiledCache.get(scorecard);
  if (!c) compiledCache.set(scorecard, (c = compileScorecard(scorecard)));
  return c;
}

/**
 * Entities whose facts may have changed since `since`: their descriptor, edges others gave them (an
 * edge's origin is its source, already counted, or its target: relations.originRef),
 * deployments (GitHub's included), an environment that started failing. Recoveries and the clock
 * are the full refresh's.
 */
async function changedSince(db: DbOrTx, since: Date): Promise<string[]> {
  const rows = await queryRows<{ ref: string }>(
    db,
    sql`select ref from entities where updated_at > ${since}
        union select r.source_ref from relations r join entities o on o.ref = r.target_ref and o.ref = r.origin_ref
          where o.updated_at > ${since}
        union select service_ref from deployments
          where started_at > ${since}::timestamptz - interval '1 day' and updated_at > ${since}
        union select service_ref from service_environments where failing_since > ${since}`,
  );
  return rows.map((r) => r.ref);
}

/** A full refresh this often at least: facts that move with the clock (30-day windows, uptime, health). */
const FULL_EVERY_MS = 15 * 60_000;

// The scorecards as this process last refreshed them: an edited, added or removed scorecard makes the
// next "changed" refresh a full one (a new process starts with one), so a new rule shows within a minute.
let lastDefinitions: string | null = null;

async function lastRuns(db: DbOrTx): Promise<{ any: Date | null; full: Date | null }> {
  const [row] = await queryRows<{ any: string | Date | null; full: string | Date | null }>(
    db,
    sql`select max(started_at) as any, max(started_at) filter (where mode = 'full') as full from scorecard_runs`,
  );
  const date = (v: string | Date | null | undefined) => (v ? new Date(v) : null);
  return { any: date(row?.any), full: date(row?.full) };
}

/** The entities (with owners) a scorecard applies to, among `refs` or all. */
async function applying(db: DbOrTx, scorecard: Scorecard, refs: string[] | null) {
  const among = refs ? sql`and e.ref = any(${sqlTextArray(refs)})` : sql``;
  return queryRows<{ ref: string; owner_ref: string | null }>(
    db,
    sql`select e.ref, e.owner_ref from entities e where ${appliesToSql(scorecard.appliesTo)} ${among} order by e.ref`,
  );
}

const statuses = (rules: StoredRuleOutcome[]) => Object.fromEntries(rules.map((r) => [r.id, r.status]));

type Evaluated = { scorecard: Scorecard; ref: string; owner: string | null; outcome: ScorecardOutcome };

/** One evaluation; an engine that throws (a scorecard it cannot run) makes every rule unknown, not the refresh fail. */
async function evaluateSafely(
  c: CompiledScorecard,
  tree: Parameters<typeof evaluateScorecard>[1],
): Promise<ScorecardOutcome> {
  try {
    return await evaluateScorecard(c, tree);
  } catch (error) {
    const message = `the scorecard could not be evaluated: ${error instanceof Error ? error.message : String(error)}`;
    return {
      level: null,
      score: 0,
      rules: c.scorecard.rules.map((r) => ({ id: r.id, level: r.level, status: "unknown", message })),
    };
  }
}

/**
 * Writes one batch's results in one transaction, set-based: each statement takes the whole batch as
 * one JSON parameter (jsonb_to_recordset), not thousands of bind parameters. Changed results are
 * upserted with a history row each; unchanged ones only get their computed_at moved (their rules
 * stay as they are on disk). Returns how many changed.
 */
async function store(db: Db, evaluated: Evaluated[]): Promise<number> {
  if (!evaluated.length) return 0;
  return db.transaction(async (tx) => {
    const keys = evaluated.map((e) => ({ scorecard: e.scorecard.name, entity_ref: e.ref }));
    // Only what the comparison needs: the statuses as { id: status }, not the messages.
    const previous = await queryRows<{
      scorecard: string;
      entity_ref: string;
      level: string | null;
      score: number;
      statuses: Record<string, string>;
    }>(
      tx,
      sql`select r.scorecard, r.entity_ref, r.level, r.score,
                 (select coalesce(jsonb_object_agg(x->>'id', x->>'status'), '{}'::jsonb) from jsonb_array_elements(r.rules) x) as statuses
          from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(scorecard text, entity_ref text)
          join scorecard_results r on r.scorecard = k.scorecard and r.entity_ref = k.entity_ref`,
    );
    const before = new Map(previous.map((p) => [`${p.scorecard}\n${p.entity_ref}`, p]));
    const now = new Date();
    const changed: Evaluated[] = [];
    const unchanged: Evaluated[] = [];
    for (const e of evaluated) {
      const old = before.get(`${e.scorecard.name}\n${e.ref}`);
      const same =
        old &&
        old.level === e.outcome.level &&
        Math.abs(Number(old.score) - e.outcome.score) < 1e-6 &&
        sameStatuses(old.statuses, statuses(e.outcome.rules));
      (same ? unchanged : changed).push(e);
    }
    const rank = (e: Evaluated) => (e.outcome.level === null ? -1 : e.scorecard.levels.indexOf(e.outcome.level));
    if (changed.length) {
      const rows = changed.map((e) => ({
        scorecard: e.scorecard.name,
        entity_ref: e.ref,
        owner_ref: e.owner,
        level: e.outcome.level,
        level_rank: rank(e),
        score: e.outcome.score,
        passed: e.outcome.rules.filter((r) => r.status === "passed").length,
        total: e.outcome.rules.length,
        rules: e.outcome.rules,
        statuses: statuses(e.outcome.rules),
      }));
      await tx.execute(sql`
        with batch as (
          select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(scorecard text, entity_ref text,
            owner_ref text, level text, level_rank int, score real, passed int, total int, rules jsonb, statuses jsonb)
        ),
        history as (
          insert into scorecard_history (scorecard, entity_ref, owner_ref, level, level_rank, score, rules, recorded_at)
          select scorecard, entity_ref, owner_ref, level, level_rank, score, statuses, ${now} from batch
        )
        insert into scorecard_results (scorecard, entity_ref, owner_ref, level, level_rank, score, passed, total, rules, computed_at, changed_at)
        select scorecard, entity_ref, owner_ref, level, level_rank, score, passed, total, rules, ${now}, ${now} from batch
        on conflict (scorecard, entity_ref) do update set owner_ref = excluded.owner_ref, level = excluded.level,
          level_rank = excluded.level_rank, score = excluded.score, passed = excluded.passed, total = excluded.total,
          rules = excluded.rules, computed_at = excluded.computed_at, changed_at = excluded.changed_at`);
    }
    // The owner may have moved without the result changing: the team pages follow it.
    if (unchanged.length)
      await tx.execute(sql`
        update scorecard_results r set computed_at = ${now}, owner_ref = k.owner_ref
        from jsonb_to_recordset(${JSON.stringify(unchanged.map((e) => ({ scorecard: e.scorecard.name, entity_ref: e.ref, owner_ref: e.owner })))}::jsonb)
          as k(scorecard text, entity_ref text, owner_ref text)
        where r.scorecard = k.scorecard and r.entity_ref = k.entity_ref`);
    return changed.length;
  });
}

function sameStatuses(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Results of scorecards that no longer exist, and of entities a scorecard no longer applies to. */
async function removeStale(db: DbOrTx, scorecards: Scorecard[], refs: string[] | null) {
  if (refs && !refs.length) return;
  const names = scorecards.map((s) => s.name);
  const among = refs ? sql`and entity_ref = any(${sqlTextArray(refs)})` : sql``;
  await db.execute(
    names.length
      ? sql`delete from scorecard_results where scorecard not in (${sqlList(names)}) ${among}`
      : sql`delete from scorecard_results where true ${among}`,
  );
  for (const s of scorecards)
    await db.execute(
      sql`delete from scorecard_results r where r.scorecard = ${s.name} ${among}
          and not exists (select 1 from entities e where e.ref = r.entity_ref and ${appliesToSql(s.appliesTo)})`,
    );
}

// Results written since this process last ran ANALYZE of scorecard_results, per database.
const resultStats = new WeakMap<Db, { pending: number; rowsAtLastAnalyze: number }>();

/**
 * Planner statistics of scorecard_results follow the refreshes that write them, by the rule the
 * catalog's follow imports (lib/catalog/planner-stats.ts): autovacuum lags a bulk load (the embedded
 * database has none), and with a table that grew from nothing a refresh's deletes (removeStale) read
 * every result of the scorecard instead of the refreshed entities' (180 against 24 ms at 250,000
 * entities, after each import).
 */
async function analyzeWhenDue(db: Db, written: number): Promise<void> {
  const state = resultStats.get(db) ?? { pending: 0, rowsAtLastAnalyze: 0 };
  resultStats.set(db, state);
  state.pending += written;
  if (!analyzeDue(state.pending, state.rowsAtLastAnalyze)) return;
  state.pending = 0;
  await db.execute(sql`analyze scorecard_results`);
  state.rowsAtLastAnalyze = await plannerRowEstimate(db, "scorecard_results");
}

/** One refresh; "changed" is a full one when no full refresh ran in the last 15 minutes or a scorecard changed. */
export async function refreshScorecards(
  db: Db,
  request: RefreshRequest,
  scorecards: Scorecard[],
  now = new Date(),
): Promise<RefreshSummary> {
  const started = Date.now();
  let refs: string[] | null = null;
  let mode = request.mode;
  if (request.mode === "entities") refs = [...new Set(request.refs)];
  const definitions = JSON.stringify(scorecards);
  if (request.mode === "changed") {
    const last = await lastRuns(db);
    if (last.any && last.full && started - last.full.getTime() < FULL_EVERY_MS && definitions === lastDefinitions)
      refs = await changedSince(db, last.any);
    else mode = "full";
  }
  await removeStale(db, scorecards, refs);
  // Every applying (scorecard, entity), grouped by entity so each entity's facts are read once.
  const byEntity = new Map<string, { owner: string | null; scorecards: Scorecard[] }>();
  if (!refs || refs.length)
    for (const scorecard of scorecards)
      for (const row of await applying(db, scorecard, refs)) {
        const entry = byEntity.get(row.ref) ?? { owner: row.owner_ref, scorecards: [] };
        entry.scorecards.push(scorecard);
        byEntity.set(row.ref, entry);
      }
  const families = familiesOf(scorecards.flatMap((s) => compiled(s).facts));
  const targets = [...byEntity.keys()];
  let changed = 0;
  // Pipelined: a batch's results are written while the next batch's facts are read and evaluated.
  let writing: Promise<number> = Promise.resolve(0);
  try {
    for (let i = 0; i < targets.length; i += BATCH) {
      const batch = targets.slice(i, i + BATCH);
      const facts = await collectFacts(db, batch, families, now);
      const evaluated: Evaluated[] = [];
      for (const ref of batch) {
        const tree = facts.get(ref);
        const entry = byEntity.get(ref);
        if (!tree || !entry) continue;
        for (const scorecard of entry.scorecards)
          evaluated.push({
            scorecard,
            ref,
            owner: entry.owner,
            outcome: await evaluateSafely(compiled(scorecard), tree),
          });
      }
      changed += await writing;
      writing = store(db, evaluated);
      // Awaited at the next batch or in finally; until then a failure must not count as unhandled.
      writing.catch(() => undefined);
    }
  } finally {
    changed += await writing;
  }
  if (mode === "full") lastDefinitions = definitions;
  await analyzeWhenDue(db, changed);
  const durationMs = Date.now() - started;
  await db.insert(scorecardRuns).values({
    mode,
    startedAt: new Date(started),
    entities: targets.length,
    changed,
    durationMs,
  });
  return { mode, entities: targets.length, changed, durationMs };
}
