// Which service an alert's labels name, by the rules an admin set (incident_service_mappings) and the
// label names read as a service's name. Precedence, first that answers wins:
//   1. the rules, by priority (lower first); ties: exact, then glob, then regex, then the oldest rule;
//   2. the service label names in order (default `portolan_service`, then `service`): the first the
//      alert carries names the service, looked up in the catalog (lib/incidents/services.ts);
//   3. otherwise the incident is kept unmatched, with its labels, for an admin to map.
// A rule's environment, when set, overrides the `env`/`environment` label.
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { incidentMappingSettings, incidentServiceMappings, type MappingMatch } from "@/db/schema";

export const DEFAULT_SERVICE_LABELS = ["portolan_service", "service"];

export type MappingRule = {
  id: string;
  labelName: string;
  match: MappingMatch;
  pattern: string;
  serviceRef: string;
  environment: string | null;
  priority: number;
};

type CompiledRule = MappingRule & { test: (value: string) => boolean };

/** What the rules and settings make of labels: compiled once per delivery. */
export type ServiceMapper = {
  serviceLabels: string[];
  /** The first rule that matches these labels, or null. */
  ruleFor: (labels: Record<string, string>) => MappingRule | null;
};

const MATCH_ORDER: Record<MappingMatch, number> = { exact: 0, glob: 1, regex: 2 };

/** A glob as a whole-value regular expression: `*` any run of characters, `?` one. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "s");
}

/** The pattern as a test of a whole label value; an invalid regular expression is the error's message. */
export function compilePattern(match: MappingMatch, pattern: string): ((value: string) => boolean) | string {
  if (match === "exact") return (value) => value === pattern;
  if (match === "glob") {
    const re = globToRegExp(pattern);
    return (value) => re.test(value);
  }
  try {
    // Anchored: a rule for `pay` must not catch `payroll` unless it says `pay.*`.
    const re = new RegExp(`^(?:${pattern})$`, "s");
    return (value) => re.test(value);
  } catch (error) {
    return (error as Error).message;
  }
}

export function compareRules(a: MappingRule, b: MappingRule): number {
  return a.priority - b.priority || MATCH_ORDER[a.match] - MATCH_ORDER[b.match];
}

export function makeMapper(rules: MappingRule[], serviceLabels: string[]): ServiceMapper {
  const compiled: CompiledRule[] = [];
  for (const rule of [...rules].sort(compareRules)) {
    const test = compilePattern(rule.match, rule.pattern);
    if (typeof test === "function") compiled.push({ ...rule, test }); // stored rules were checked when set
  }
  return {
    serviceLabels,
    ruleFor(labels) {
      for (const rule of compiled) {
        const value = labels[rule.labelName];
        if (value !== undefined && rule.test(value)) return rule;
      }
      return null;
    },
  };
}

/** The label names read as a service's name, in order (the defaults until an admin sets them). */
export async function serviceLabelNames(db: DbOrTx): Promise<string[]> {
  const [row] = await db.select().from(incidentMappingSettings).where(eq(incidentMappingSettings.id, "default"));
  return row?.serviceLabels ?? DEFAULT_SERVICE_LABELS;
}

/** Every rule, in the order they are tried (created_at breaks the remaining ties: oldest first). */
export async function loadRules(db: DbOrTx): Promise<(typeof incidentServiceMappings.$inferSelect)[]> {
  const rows = await db
    .select()
    .from(incidentServiceMappings)
    .orderBy(asc(incidentServiceMappings.priority), asc(incidentServiceMappings.createdAt));
  return rows.sort(compareRules);
}

export async function loadMapper(db: DbOrTx): Promise<ServiceMapper> {
  return makeMapper(await loadRules(db), await serviceLabelNames(db));
}
