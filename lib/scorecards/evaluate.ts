// Evaluates a scorecard's rules over one service's facts with json-rules-engine (the combinators
// all/any/not, short-circuiting, per-condition results); the operators are Portolan's own so that a
// fact it could not read is never a silent pass or fail.
//
// Unknown facts: every condition knows its polarity (under an even or odd number of `not`s), so a run
// can assume each unknown condition goes the rule's way (optimistic) or against it (pessimistic).
// all/any are monotone, so when both runs agree the unknowns cannot matter (`any` with a passing
// sibling passes); when they disagree the rule is "unknown", with the reasons of the facts it read.
// Pure apart from the engine: unit-tested.
import { Engine, type RuleProperties, type RuleResult, type TopLevelCondition } from "json-rules-engine";
import type { Condition, FactCondition, Operator, Scorecard, ScorecardRule } from "./definition";
import { isUnknown, readFact, type FactTree } from "./fact-tree";

export type RuleStatus = "passed" | "failed" | "unknown";
export type RuleOutcome = { id: string; level: string; status: RuleStatus; message: string };
export type ScorecardOutcome = { level: string | null; score: number; rules: RuleOutcome[] };

/** An unknown fact as the engine sees it: the reason, and which way this run assumes it goes. */
type Assumed = { unknown: string; optimistic: boolean };
const isAssumed = (v: unknown): v is Assumed =>
  typeof v === "object" && v !== null && "optimistic" in v && "unknown" in v;

const asNumber = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const regexCache = new Map<string, RegExp>();
const regex = (source: string) => {
  let r = regexCache.get(source);
  if (!r) regexCache.set(source, (r = new RegExp(source, "u")));
  return r;
};
const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === "object" && a !== null && JSON.stringify(a) === JSON.stringify(b));

/** What each operator means for a known fact value (undefined: the fact is absent). */
export const OPERATOR_TESTS: Record<Operator, (fact: unknown, value: unknown) => boolean> = {
  exists: (fact, value) => (fact !== undefined && fact !== null && fact !== "") === (value !== false),
  equal: (fact, value) => same(fact, value),
  notEqual: (fact, value) => !same(fact, value),
  in: (fact, value) => Array.isArray(value) && value.some((v) => same(fact, v)),
  notIn: (fact, value) => Array.isArray(value) && !value.some((v) => same(fact, v)),
  contains: (fact, value) => Array.isArray(fact) && fact.some((v) => same(v, value)),
  matches: (fact, value) => typeof fact === "string" && typeof value === "string" && regex(value).test(fact),
  minLength: (fact, value) =>
    (typeof fact === "string" || Array.isArray(fact)) && typeof value === "number" && fact.length >= value,
  greaterThan: (fact, value) => asNumber(fact) !== null && (fact as number) > (value as number),
  greaterThanInclusive: (fact, value) => asNumber(fact) !== null && (fact as number) >= (value as number),
  lessThan: (fact, value) => asNumber(fact) !== null && (fact as number) < (value as number),
  lessThanInclusive: (fact, value) => asNumber(fact) !== null && (fact as number) <= (value as number),
};

const NEGATED = "!";

function toEngineCondition(condition: Condition, negated: boolean): TopLevelCondition | Record<string, unknown> {
  if ("all" in condition) return { all: condition.all.map((c) => toEngineCondition(c, negated)) };
  if ("any" in condition) return { any: condition.any.map((c) => toEngineCondition(c, negated)) };
  if ("not" in condition) return { not: toEngineCondition(condition.not, !negated) };
  return {
    fact: condition.fact,
    operator: negated ? `${condition.operator}${NEGATED}` : condition.operator,
    // The engine requires a value; exists defaults to "must exist". A value shaped { fact } would be
    // read as another fact by the engine: wrap nothing, the facts are all given up front.
    value: condition.value === undefined ? (condition.operator === "exists" ? true : null) : condition.value,
  };
}

/** Every fact name a condition reads. */
export function factsOf(condition: Condition, into = new Set<string>()): Set<string> {
  if ("all" in condition) condition.all.forEach((c) => factsOf(c, into));
  else if ("any" in condition) condition.any.forEach((c) => factsOf(c, into));
  else if ("not" in condition) factsOf(condition.not, into);
  else into.add(condition.fact);
  return into;
}

function newEngine(rules: ScorecardRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, test] of Object.entries(OPERATOR_TESTS)) {
    engine.addOperator(name, (fact: unknown, value: unknown) =>
      isAssumed(fact) ? fact.optimistic : test(fact, value),
    );
    engine.addOperator(`${name}${NEGATED}`, (fact: unknown, value: unknown) =>
      isAssumed(fact) ? !fact.optimistic : test(fact, value),
    );
  }
  for (const rule of rules) {
    const conditions = toEngineCondition({ all: [rule.check] }, false) as TopLevelCondition;
    engine.addRule({ name: rule.id, conditions, event: { type: rule.id } } satisfies RuleProperties);
  }
  return engine;
}

const formatValue = (v: unknown) => (v === undefined ? "absent" : JSON.stringify(v));
const OPERATOR_WORDS: Record<Operator, string> = {
  exists: "must be set",
  equal: "must equal",
  notEqual: "must not equal",
  in: "must be one of",
  notIn: "must not be one of",
  contains: "must contain",
  matches: "must match",
  minLength: "must have a length of at least",
  greaterThan: "must be >",
  greaterThanInclusive: "must be ≥",
  lessThan: "must be <",
  lessThanInclusive: "must be ≤",
};

type EvaluatedLeaf = FactCondition & { result?: boolean; factResult?: unknown };

/** The conditions that made a rule fail: leaves that went against it, in the order they ran. */
function failedLeaves(node: unknown, negated: boolean, out: EvaluatedLeaf[]): EvaluatedLeaf[] {
  if (typeof node !== "object" || node === null) return out;
  const n = node as Record<string, unknown>;
  if (Array.isArray(n.all)) n.all.forEach((c) => failedLeaves(c, negated, out));
  else if (Array.isArray(n.any)) n.any.forEach((c) => failedLeaves(c, negated, out));
  else if (n.not) failedLeaves(n.not, !negated, out);
  else if (typeof n.result === "boolean" && n.result === negated) out.push(n as EvaluatedLeaf);
  return out;
}

function describeFailure(result: RuleResult): string {
  const leaves = failedLeaves(result.conditions, false, []);
  if (!leaves.length) return "The check did not pass.";
  return leaves
    .map((leaf) => {
      const operator = leaf.operator.replace(NEGATED, "") as Operator;
      const negated = leaf.operator.endsWith(NEGATED);
      const wants =
        operator === "exists"
          ? leaf.value === false
            ? "must not be set"
            : "must be set"
          : `${OPERATOR_WORDS[operator]} ${JSON.stringify(leaf.value)}`;
      return `${leaf.fact} is ${formatValue(leaf.factResult)}; ${negated ? `not: ${wants}` : wants}`;
    })
    .join("; ");
}

/** One rule with its own engine, the facts it reads, and the outcomes it has had per value of those facts. */
type CompiledRule = {
  rule: ScorecardRule;
  engine: Engine;
  facts: string[];
  /** Positions of `facts` in the scorecard's fact list. */
  positions: number[];
  outcomes: Map<string, RuleOutcome>;
};

export type CompiledScorecard = {
  scorecard: Scorecard;
  facts: string[];
  rules: CompiledRule[];
};

export function compileScorecard(scorecard: Scorecard): CompiledScorecard {
  const facts = [...factsOf({ all: scorecard.rules.map((r) => r.check) })];
  return {
    scorecard,
    facts,
    rules: scorecard.rules.map((rule) => {
      const own = [...factsOf(rule.check)];
      return {
        rule,
        engine: newEngine([rule]),
        facts: own,
        positions: own.map((f) => facts.indexOf(f)),
        outcomes: new Map(),
      };
    }),
  };
}

async function run(engine: Engine, values: Map<string, unknown>, optimistic: boolean) {
  const facts: Record<string, unknown> = {};
  for (const [name, value] of values)
    facts[name] = isUnknown(value) ? ({ unknown: value.unknown, optimistic } satisfies Assumed) : value;
  const { results, failureResults } = await engine.run(facts);
  const byRule = new Map<string, { passed: boolean; result: RuleResult }>();
  for (const r of results) byRule.set(r.name as string, { passed: true, result: r });
  for (const r of failureResults) byRule.set(r.name as string, { passed: false, result: r });
  return byRule;
}

/** The highest level whose rules, and those of every level below, all passed. */
export function levelOf(levels: string[], rules: { level: string; status: RuleStatus }[]): string | null {
  let reached: string | null = null;
  for (const level of levels) {
    if (rules.some((r) => r.level === level && r.status !== "passed")) break;
    reached = level;
  }
  return reached;
}

export function scoreOf(rules: { status: RuleStatus }[]): number {
  if (!rules.length) return 0;
  return Math.round((rules.filter((r) => r.status === "passed").length / rules.length) * 1000) / 1000;
}

/**
 * A rule's outcome depends on nothing but the values of the facts it reads (its message quotes those
 * values and reasons), so services with the same values share one engine run: a full recompute runs
 * the engine once per rule and distinct value, not once per service.
 */
const MEMO_MAX = 5_000;
const reprOf = (v: unknown) =>
  isUnknown(v) ? `?${v.unknown}` : v === undefined ? "-" : `=${JSON.stringify(v) ?? typeof v}`;

async function runRule({ rule, engine, facts }: CompiledRule, read: unknown[]): Promise<RuleOutcome> {
  const values = new Map(facts.map((name, i) => [name, read[i]]));
  const anyUnknown = read.some(isUnknown);
  const up = (await run(engine, values, true)).get(rule.id);
  const down = anyUnknown ? (await run(engine, values, false)).get(rule.id) : up;
  const base = { id: rule.id, level: rule.level };
  if (up?.passed && down?.passed) return { ...base, status: "passed", message: rule.title };
  if (up && !up.passed) return { ...base, status: "failed", message: describeFailure(up.result) };
  const reasons = [...values.entries()]
    .filter(([, value]) => isUnknown(value))
    .map(([name, value]) => `${name} is unknown: ${isUnknown(value) ? value.unknown : ""}`);
  return { ...base, status: "unknown", message: reasons.join("; ") || "A fact this rule reads could not be read." };
}

/** One service against one scorecard: each fact read once, each rule from its memo or its engine. */
export async function evaluateScorecard(compiled: CompiledScorecard, tree: FactTree): Promise<ScorecardOutcome> {
  const values = compiled.facts.map((name) => readFact(tree, name));
  const reprs = values.map(reprOf);
  const rules: RuleOutcome[] = [];
  for (const rule of compiled.rules) {
    const key =
      rule.positions.length === 1 ? reprs[rule.positions[0]] : rule.positions.map((i) => reprs[i]).join("\u0000");
    let outcome = rule.outcomes.get(key);
    if (!outcome) {
      outcome = await runRule(
        rule,
        rule.positions.map((i) => values[i]),
      );
      if (rule.outcomes.size >= MEMO_MAX) rule.outcomes.clear();
      rule.outcomes.set(key, outcome);
    }
    rules.push(outcome);
  }
  return { level: levelOf(compiled.scorecard.levels, rules), score: scoreOf(rules), rules };
}
