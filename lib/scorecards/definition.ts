// What a Scorecard document is: the envelope and rules through zod, then every check condition
// walked by hand so a problem names its exact field (spec.rules.2.check.all.1.operator) and reason.
// Pure: unit-tested. The facts a condition may read are named in facts-catalog.ts.
import { z } from "zod";
import { describeKnownFacts, isKnownFact } from "./facts-catalog";

export const OPERATORS = [
  "exists",
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "matches",
  "minLength",
  "greaterThan",
  "greaterThanInclusive",
  "lessThan",
  "lessThanInclusive",
] as const;
export type Operator = (typeof OPERATORS)[number];

export type FactCondition = { fact: string; operator: Operator; value?: unknown };
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | FactCondition;

// Names as Backstage allows them (letters, digits, '.', '_', '-'): they appear in URLs and CSV headers.
export const SCORECARD_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const stringOrList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]).map((s) => s.toLowerCase()));

/** Which catalog entities a scorecard applies to: every field given must match (case-insensitive). */
const appliesToSchema = z
  .object({
    kind: stringOrList.optional(),
    type: stringOrList.optional(),
    lifecycle: stringOrList.optional(),
    namespace: stringOrList.optional(),
    owner: stringOrList.optional(),
    system: stringOrList.optional(),
    tags: stringOrList.optional(),
    /** As the catalog's filter spells it (?tag=). */
    tag: stringOrList.optional(),
  })
  .strict()
  .transform(({ tag, ...rest }) => (tag ? { ...rest, tags: [...(rest.tags ?? []), ...tag] } : rest));
export type AppliesTo = z.infer<typeof appliesToSchema>;

const ruleSchema = z
  .object({
    id: z.string().regex(SCORECARD_NAME, "a rule id is 1-63 letters, digits, '.', '_' or '-' (like has-owner)"),
    level: z.string().min(1),
    title: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    how: z.string().max(2000).optional(),
    check: z.unknown(),
  })
  .strict();

export const scorecardSchema = z.object({
  apiVersion: z.literal("portolan.dev/v1alpha1", { message: 'apiVersion must be "portolan.dev/v1alpha1"' }),
  kind: z.literal("Scorecard"),
  metadata: z.object({
    name: z
      .string()
      .regex(SCORECARD_NAME, "a scorecard name is 1-63 letters, digits, '.', '_' or '-' (like production-readiness)"),
    title: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
  }),
  spec: z
    .object({
      appliesTo: appliesToSchema.default({}),
      levels: z.array(z.string().trim().min(1).max(63)).min(1).max(20),
      rules: z.array(ruleSchema).min(1).max(200),
    })
    .strict(),
});

export type ScorecardRule = {
  id: string;
  level: string;
  title: string;
  description: string | null;
  how: string | null;
  check: Condition;
};
export type Scorecard = {
  name: string;
  title: string;
  description: string | null;
  appliesTo: AppliesTo;
  levels: string[];
  rules: ScorecardRule[];
};

export type Problem = { field: string; message: string };
export type ParsedScorecard =
  { ok: true; scorecard: Scorecard } | { ok: false; name: string | null; problems: Problem[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkValue(operator: Operator, value: unknown, field: string): string | null {
  switch (operator) {
    case "exists":
      return value === undefined || typeof value === "boolean" ? null : "exists takes no value, or true/false";
    case "in":
    case "notIn":
      return Array.isArray(value) ? null : `${operator} needs a list as value`;
    case "matches":
      if (typeof value !== "string") return "matches needs a regular expression string as value";
      try {
        new RegExp(value, "u");
        return null;
      } catch (error) {
        return `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
      }
    case "minLength":
      return Number.isInteger(value) && (value as number) >= 0 ? null : "minLength needs a whole number ≥ 0 as value";
    case "greaterThan":
    case "greaterThanInclusive":
    case "lessThan":
    case "lessThanInclusive":
      return typeof value === "number" && Number.isFinite(value) ? null : `${operator} needs a number as value`;
    default:
      return value === undefined ? `${operator} needs a value (${field}.value)` : null;
  }
}

/** Validates one check condition tree; problems name the field inside it. */
export function checkCondition(node: unknown, field: string, problems: Problem[], depth = 0): node is Condition {
  const before = problems.length;
  if (depth > 8) {
    problems.push({ field, message: "conditions nest at most 8 deep" });
    return false;
  }
  if (!isObject(node)) {
    problems.push({ field, message: "a condition is an object: { fact, operator, value } or { all | any | not }" });
    return false;
  }
  const keys = Object.keys(node);
  const combinator = keys.find((k) => k === "all" || k === "any" || k === "not");
  if (combinator) {
    if (keys.length !== 1)
      problems.push({
        field,
        message: `"${combinator}" stands alone in its condition (found also: ${keys.join(", ")})`,
      });
    const inner = node[combinator];
    if (combinator === "not") checkCondition(inner, `${field}.not`, problems, depth + 1);
    else if (!Array.isArray(inner) || inner.length === 0)
      problems.push({ field: `${field}.${combinator}`, message: `${combinator} needs a non-empty list of conditions` });
    else inner.forEach((c, i) => checkCondition(c, `${field}.${combinator}.${i}`, problems, depth + 1));
    return problems.length === before;
  }
  const extra = keys.filter((k) => !["fact", "operator", "value"].includes(k));
  if (extra.length)
    problems.push({ field, message: `unknown key(s) ${extra.join(", ")} (a condition has fact, operator, value)` });
  if (typeof node.fact !== "string" || !node.fact)
    problems.push({ field: `${field}.fact`, message: "fact is required: a name like entity.spec.owner" });
  else if (!isKnownFact(node.fact))
    problems.push({ field: `${field}.fact`, message: `unknown fact "${node.fact}" (known: ${describeKnownFacts()})` });
  if (!OPERATORS.includes(node.operator as Operator))
    problems.push({
      field: `${field}.operator`,
      message: `unknown operator ${JSON.stringify(node.operator)} (known: ${OPERATORS.join(", ")})`,
    });
  else {
    const wrong = checkValue(node.operator as Operator, node.value, field);
    if (wrong) problems.push({ field: `${field}.value`, message: wrong });
  }
  return problems.length === before;
}

const nameOf = (body: unknown): string | null => {
  const name = isObject(body) && isObject(body.metadata) ? body.metadata.name : undefined;
  return typeof name === "string" ? name : null;
};

/** One Scorecard document: usable, or every field that is wrong and why. */
export function parseScorecard(body: unknown): ParsedScorecard {
  const name = nameOf(body);
  const parsed = scorecardSchema.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      name,
      problems: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    };
  const { metadata, spec } = parsed.data;
  const problems: Problem[] = [];
  if (new Set(spec.levels).size !== spec.levels.length)
    problems.push({ field: "spec.levels", message: "levels must be distinct" });
  const ids = new Set<string>();
  spec.rules.forEach((rule, i) => {
    const field = `spec.rules.${i}`;
    if (ids.has(rule.id)) problems.push({ field: `${field}.id`, message: `duplicate rule id "${rule.id}"` });
    ids.add(rule.id);
    if (!spec.levels.includes(rule.level))
      problems.push({
        field: `${field}.level`,
        message: `level "${rule.level}" is not one of spec.levels (${spec.levels.join(", ")})`,
      });
    checkCondition(rule.check, `${field}.check`, problems);
  });
  if (problems.length) return { ok: false, name, problems };
  return {
    ok: true,
    scorecard: {
      name: metadata.name,
      title: metadata.title ?? metadata.name,
      description: metadata.description ?? null,
      appliesTo: spec.appliesTo,
      levels: spec.levels,
      rules: spec.rules.map((r) => ({
        id: r.id,
        level: r.level,
        title: r.title ?? r.id,
        description: r.description ?? null,
        how: r.how ?? null,
        check: r.check as Condition,
      })),
    },
  };
}
