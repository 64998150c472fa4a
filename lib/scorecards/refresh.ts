// Keeps scorecard_results current: evaluates the usable scorecards for a set of entities (all of
// them, those whose facts changed since the last refresh, or named ones) in batches, writes each
// batch's results in one transaction, and a history row for every result that changed.
import { sql } from "drizzle-orm";
import { queryRows, type Db, type DbOrTx } from "@/db/client";
import { scorecardHistory, scorecardResults, scorecardRuns, type StoredRuleOutcome } from "@/db/schema";
import { appliesToSql } from "./applies-to";
import { collectFacts, familiesOf } from "./collect-facts";
import type { Scorecard } from "./definition";
import { compileScorecard, evaluateScorecard, type CompiledScorecard, type ScorecardOutcome } from "./evaluate";

export type RefreshRequest = { mode: "full" } | { mode: "changed" } | { mode: "entities"; refs: string[] };
export type RefreshSummary = { mode: RefreshRequest["mode"]; entities: number; changed: number; durationMs: number };

const BATCH = 500;
const list = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

// Compiled engines by scorecard object: the loader returns the same object while its file is unchanged.
const compiledCache = new WeakMap<Scorecard, CompiledScorecard>();
function compiled(scorecard: Scorecard): CompiledScorecard {
  let c = compiledCache.get(scorecard);
  if (!c) compiledCache.set(scorecard, (c = compileScorecard(scorecard)));
  return c;
}

/**
 * Entities whose facts may have changed since `since`: their descriptor, edges others gave them,
 * deployments (GitHub's included), an environment that started failing. Recoveries and the clock
 * are the full refresh's.
 */
async function changedSince(db: DbOrTx, since: Date): Promise<string[]> {
  const rows = await queryRows<{ ref: string }>(
    db,
    sql`select ref from entities where updated_at > ${since}
        union select r.source_ref from relations r join entities o on o.ref = r.origin_ref where o.updated_at > ${since}
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
  const among = refs ? sql`and e.ref in (${list(refs)})` : sql``;
  return queryRows<{ ref: string; owner_ref: string | null }>(
    db,
    sql`select e.ref, e.owner_ref from entities e where ${appliesToSql(scorecard.appliesTo)} ${among} order by e.ref`,
  );
}

const statuses = (rules: StoredRuleOutcome[]) => Object.fromEntries(rules.map((r) => [r.id, r.status]));
const sameResult = (a: { level: string | null; score: number; rules: StoredRuleOutcome[] }, b: ScorecardOutcome) =>
  a.level === b.level &&
  Math.abs(a.score - b.score) < 1e-6 &&
  JSON.stringify(statuses(a.rules)) === JSON.stringify(statuses(b.rules));

type Evaluated = { scorecard: Scorecard; ref: string; owner: string | null; outcome: ScorecardOutcome };

/** Writes one batch's results; returns how many changed (history rows written). */
async function store(db: Db, evaluated: Evaluated[]): Promise<number> {
  if (!evaluated.length) return 0;
  return db.transaction(async (tx) => {
    const previous = await queryRows<{
      scorecard: string;
      entity_ref: string;
      level: string | null;
      score: number;
      rules: StoredRuleOutcome[];
      changed_at: string | Date;
    }>(
      tx,
      sql`select scorecard, entity_ref, level, score, rules, changed_at from scorecard_results
          where entity_ref in (${list([...new Set(evaluated.map((e) => e.ref))])})`,
    );
    const before = new Map(previous.map((p) => [`${p.scorecard}\n${p.entity_ref}`, p]));
    const now = new Date();
    const changed = evaluated.filter((e) => {
      const old = before.get(`${e.scorecard.name}\n${e.ref}`);
      return !old || !sameResult(old, e.outcome);
    });
    const rank = (e: Evaluated) => (e.outcome.level === null ? -1 : e.scorecard.levels.indexOf(e.outcome.level));
    const changedKeys = new Set(changed.map((e) => `${e.scorecard.name}\n${e.ref}`));
    const changedAt = (e: Evaluated) => {
      const key = `${e.scorecard.name}\n${e.ref}`;
      const old = before.get(key);
      return changedKeys.has(key) || !old ? now : new Date(old.changed_at);
    };
    await tx
      .insert(scorecardResults)
      .values(
        evaluated.map((e) => ({
          scorecard: e.scorecard.name,
          entityRef: e.ref,
          ownerRef: e.owner,
          level: e.outcome.level,
          levelRank: rank(e),
          score: e.outcome.score,
          passed: e.outcome.rules.filter((r) => r.status === "passed").length,
          total: e.outcome.rules.length,
          rules: e.outcome.rules,
          computedAt: now,
          changedAt: changedAt(e),
        })),
      )
      .onConflictDoUpdate({
        target: [scorecardResults.scorecard, scorecardResults.entityRef],
        set: {
          ownerRef: sql`excluded.owner_ref`,
          level: sql`excluded.level`,
          levelRank: sql`excluded.level_rank`,
          score: sql`excluded.score`,
          passed: sql`excluded.passed`,
          total: sql`excluded.total`,
          rules: sql`excluded.rules`,
          computedAt: sql`excluded.computed_at`,
          changedAt: sql`excluded.changed_at`,
        },
      });
    if (changed.length)
      await tx.insert(scorecardHistory).values(
        changed.map((e) => ({
          scorecard: e.scorecard.name,
          entityRef: e.ref,
          ownerRef: e.owner,
          level: e.outcome.level,
          levelRank: rank(e),
          score: e.outcome.score,
          rules: statuses(e.outcome.rules),
          recordedAt: now,
        })),
      );
    return changed.length;
  });
}

/** Results of scorecards that no longer exist, and of entities a scorecard no longer applies to. */
async function removeStale(db: DbOrTx, scorecards: Scorecard[], refs: string[] | null) {
  if (refs && !refs.length) return;
  const names = scorecards.map((s) => s.name);
  const among = refs ? sql`and entity_ref in (${list(refs)})` : sql``;
  await db.execute(
    names.length
      ? sql`delete from scorecard_results where scorecard not in (${list(names)}) ${among}`
      : sql`delete from scorecard_results where true ${among}`,
  );
  for (const s of scorecards)
    await db.execute(
      sql`delete from scorecard_results r where r.scorecard = ${s.name} ${among}
          and not exists (select 1 from entities e where e.ref = r.entity_ref and ${appliesToSql(s.appliesTo)})`,
    );
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
          outcome: await evaluateScorecard(compiled(scorecard), tree),
        });
    }
    changed += await store(db, evaluated);
  }
  if (mode === "full") lastDefinitions = definitions;
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
