// Scorecards as catalog entities (kind Scorecard, apiVersion portolan.dev/v1alpha1), loaded together
// with PORTOLAN_SCORECARDS_DIR's. A scorecard runs no code and reaches no secret, but it decides what
// every service page, team page and the catalog say about readiness, and what initiatives chase — so,
// as with catalog templates, a developer's import cannot put one in force: only a scorecard from a
// location an admin manages applies (an admin's import is the publishing act); others are listed as
// waiting. Whatever its source, a catalog scorecard is held to limits that keep it from breaking the
// portal: a bounded number of rules, regular expressions without nested quantifiers, and no name a
// directory scorecard already has (the directory wins).
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { parseScorecard, type Condition, type Problem, type Scorecard } from "./definition";
import { loadScorecards, type LoadedScorecard } from "./load-scorecards";

/** At most this many catalog scorecards apply (the rest are reported), and this many rules each. */
const MAX_CATALOG_SCORECARDS = 20;
const MAX_CATALOG_RULES = 50;
const MAX_PATTERN = 200;
// A group or class followed by a quantifier, inside a group that is itself quantified: (a+)+, (\w*)*.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

function walk(condition: Condition, field: string, visit: (c: Condition, field: string) => void) {
  visit(condition, field);
  if ("all" in condition) condition.all.forEach((c, i) => walk(c, `${field}.all.${i}`, visit));
  else if ("any" in condition) condition.any.forEach((c, i) => walk(c, `${field}.any.${i}`, visit));
  else if ("not" in condition) walk(condition.not, `${field}.not`, visit);
}

/** The limits a catalog scorecard must keep besides being valid. */
export function catalogLimits(scorecard: Scorecard): Problem[] {
  const problems: Problem[] = [];
  if (scorecard.rules.length > MAX_CATALOG_RULES)
    problems.push({
      field: "spec.rules",
      message: `a catalog scorecard has at most ${MAX_CATALOG_RULES} rules (this one has ${scorecard.rules.length}); put bigger ones in PORTOLAN_SCORECARDS_DIR`,
    });
  scorecard.rules.forEach((rule, i) =>
    walk(rule.check, `spec.rules.${i}.check`, (c, field) => {
      if (!("operator" in c) || c.operator !== "matches" || typeof c.value !== "string") return;
      if (c.value.length > MAX_PATTERN)
        problems.push({ field: `${field}.value`, message: `a pattern is at most ${MAX_PATTERN} characters` });
      else if (NESTED_QUANTIFIER.test(c.value))
        problems.push({
          field: `${field}.value`,
          message:
            "a quantified group that itself holds a quantifier (like (a+)+) can take exponential time; rewrite it",
        });
    }),
  );
  return problems;
}

type Row = { ref: string; hash: string; body: unknown; location_id: string; trusted: boolean };

type Checked =
  { ok: true; scorecard: Scorecard; limits: Problem[] } | { ok: false; name: string | null; problems: Problem[] };

/**
 * A catalog scorecard parsed and held to its limits — a function of its body alone, so kept per entity
 * while its hash is the same: pages and jobs read the scorecards on every request without parsing
 * them again, and an unchanged scorecard stays the same object (its compiled rules and their memo,
 * lib/scorecards/evaluate.ts, carry over between refreshes). Trust and names are checked on every read.
 */
const checkedByRef = new Map<string, { hash: string; checked: Checked }>();
const MAX_CHECKED = 1_000;

function checkedOf(row: Row): Checked {
  const hit = checkedByRef.get(row.ref);
  if (hit?.hash === row.hash) return hit.checked;
  const parsed = parseScorecard(row.body);
  const checked: Checked = parsed.ok
    ? { ok: true, scorecard: parsed.scorecard, limits: catalogLimits(parsed.scorecard) }
    : { ok: false, name: parsed.name, problems: parsed.problems };
  if (checkedByRef.size >= MAX_CHECKED) checkedByRef.clear();
  checkedByRef.set(row.ref, { hash: row.hash, checked });
  return checked;
}

/** Every Scorecard entity in the catalog, usable or reported; `taken`: names the directory already has. */
export async function loadCatalogScorecards(db: DbOrTx, taken: Set<string>): Promise<LoadedScorecard[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select e.ref, e.hash, e.body, e.location_id, coalesce(l.trusted, false) as trusted
        from entities e left join locations l on l.id = e.location_id
        where e.kind = 'scorecard' order by e.ref`,
  );
  const seen = new Set(taken);
  let applied = 0;
  return rows.map((row): LoadedScorecard => {
    const file = `${row.ref} (catalog location ${row.location_id})`;
    const checked = checkedOf(row);
    if (!checked.ok) return { ok: false, file, name: checked.name, problems: checked.problems };
    const { scorecard, limits } = checked;
    const fail = (problems: Problem[]): LoadedScorecard => ({ ok: false, file, name: scorecard.name, problems });
    if (limits.length) return fail(limits);
    if (seen.has(scorecard.name))
      return fail([
        {
          field: "metadata.name",
          message: `another scorecard is already named "${scorecard.name}" (the directory's wins)`,
        },
      ]);
    if (!row.trusted)
      return fail([
        {
          field: "",
          message: `waiting for an admin: location ${row.location_id} is not one an admin manages, so its scorecard does not apply; an admin imports it (POST /api/v1/catalog/import) or adds it to PORTOLAN_SCORECARDS_DIR`,
        },
      ]);
    if (++applied > MAX_CATALOG_SCORECARDS)
      return fail([{ field: "", message: `at most ${MAX_CATALOG_SCORECARDS} catalog scorecards apply` }]);
    seen.add(scorecard.name);
    return { ok: true, file, scorecard };
  });
}

/** The directory's scorecards and the catalog's, usable or reported (GET /api/v1/scorecards lists both). */
export async function loadAllScorecards(db: DbOrTx): Promise<LoadedScorecard[]> {
  const fromDir = loadScorecards();
  const taken = new Set(fromDir.flatMap((s) => (s.ok ? [s.scorecard.name] : s.name ? [s.name] : [])));
  return [...fromDir, ...(await loadCatalogScorecards(db, taken))];
}

/** The scorecards that apply: the usable ones of both sources. */
export async function applyingScorecards(db: DbOrTx): Promise<Scorecard[]> {
  return (await loadAllScorecards(db)).flatMap((s) => (s.ok ? [s.scorecard] : []));
}
