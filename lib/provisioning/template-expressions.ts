// Checks a template's `${{ … }}` expressions before anyone runs it: each must parse, start from a name
// the run knows, and refer only to steps that will have run by then and to outputs those steps
// declare. A secret may appear only in an input its action declares as secret-accepting (an HMAC
// key, a header value) — never in a URL, a body, arguments, a condition, outputs or the environment.
// What a run would find out halfway, the platform team sees when the template loads.
import { ACTIONS } from "./actions";
import { expressionsAt, type PlacedExpression } from "./expressions";
import type { TemplateDefinition, TemplateProblem, TemplateStep } from "./template-schema";

const ENVIRONMENT_ROOTS = ["parameters", "steps", "user", "secrets", "run"];
/** An action template's run also knows its target (lib/release-actions/template-action-run.ts). */
const TARGET_ROOTS = ["entity", "environment", "release"];
/** Rendered when the environment is requested, before any step ran. */
const AT_REQUEST = ["parameters", "user"];

type Scope = {
  roots: string[];
  allowedRoots: string[];
  knownSteps: string[];
  stepsHint: string;
  outputs: Map<string, string[] | null>;
  /** Each step's secret outputs (a connection string with its password): they go only where secrets may. */
  secretOutputs: Map<string, string[]>;
  secretPaths: string[];
};

function matchesPath(pattern: string, at: string[]): boolean {
  const parts = pattern.split(".");
  return parts.length <= at.length && parts.every((part, i) => part === "*" || part === at[i]);
}

function checkOne(field: string, { at, ref }: PlacedExpression, scope: Scope): TemplateProblem | null {
  if ("error" in ref) return { field, message: ref.error };
  const [root, stepId, output, name] = ref.path;
  const where = at.length ? `${field}.${at.join(".")}` : field;
  if (!scope.roots.includes(root))
    return { field, message: `\${{ ${ref.expression} }}: unknown name "${root}" (use ${scope.roots.join(", ")})` };
  if (!scope.allowedRoots.includes(root))
    return { field, message: `\${{ ${ref.expression} }}: only ${scope.allowedRoots.join(" and ")} are known here` };
  if (root === "secrets" && !scope.secretPaths.some((p) => matchesPath(p, at))) {
    const accepted = scope.secretPaths.length
      ? `this action takes secrets only in ${scope.secretPaths.join(", ")}`
      : "secrets are not accepted here";
    return {
      field: where,
      message: `\${{ ${ref.expression} }}: a secret may not go here (${accepted}); never into URLs, bodies, arguments, conditions or outputs`,
    };
  }
  if (root !== "steps" || stepId === undefined) return null;
  if (!scope.knownSteps.includes(stepId))
    return { field, message: `\${{ ${ref.expression} }}: "${stepId}" is not ${scope.stepsHint}` };
  if (output === "output" && name !== undefined && scope.secretOutputs.get(stepId)?.includes(name)) {
    if (!scope.secretPaths.some((p) => matchesPath(p, at)))
      return {
        field: where,
        message: `\${{ ${ref.expression} }}: a secret output may not go here (${scope.secretPaths.length ? `this action takes secrets only in ${scope.secretPaths.join(", ")}` : "secrets are not accepted here"})`,
      };
    return null;
  }
  const declared = scope.outputs.get(stepId);
  if (output === "output" && name !== undefined && declared && !declared.includes(name)) {
    return {
      field,
      message: `\${{ ${ref.expression} }}: step "${stepId}" has no output "${name}" (it has ${declared.join(", ") || "none"}${declared.includes("status") ? "; declare more with its input output: { name: /json/pointer }" : ""})`,
    };
  }
  return null;
}

function check(field: string, value: unknown, scope: Scope): TemplateProblem[] {
  return expressionsAt(value).flatMap((placed) => checkOne(field, placed, scope) ?? []);
}

function declaredOutputs(step: TemplateStep): string[] | null {
  try {
    return ACTIONS[step.action]?.declaredOutputs?.(step.input) ?? null;
  } catch {
    return null;
  }
}

export function checkTemplateExpressions(template: TemplateDefinition): TemplateProblem[] {
  const { spec } = template;
  const roots = spec.type === "action" ? [...ENVIRONMENT_ROOTS, ...TARGET_ROOTS] : ENVIRONMENT_ROOTS;
  const provisionIds = spec.steps.map((s) => s.id);
  const outputs = new Map(spec.steps.map((s) => [s.id, declaredOutputs(s)]));
  const secretOutputs = new Map(spec.steps.map((s) => [s.id, ACTIONS[s.action]?.secretOutputs ?? []]));
  const scope = (knownSteps: string[], stepsHint: string, secretPaths: string[] = [], allowedRoots = roots): Scope => ({
    roots,
    allowedRoots,
    knownSteps,
    stepsHint,
    outputs,
    secretOutputs,
    secretPaths,
  });
  const problems: TemplateProblem[] = [];
  spec.steps.forEach((step, i) => {
    const earlier = provisionIds.slice(0, i);
    const hint = earlier.length ? `an earlier step (${earlier.join(", ")})` : "an earlier step (this is the first)";
    problems.push(
      ...check(`spec.steps.${i}.input`, step.input, scope(earlier, hint, ACTIONS[step.action]?.secretInputs ?? [])),
    );
    problems.push(...check(`spec.steps.${i}.if`, step.if, scope(earlier, hint)));
  });
  const anyStep = `a step of this template (${provisionIds.join(", ")})`;
  spec.teardown.forEach((step, i) => {
    problems.push(
      ...check(
        `spec.teardown.${i}.input`,
        step.input,
        scope(provisionIds, anyStep, ACTIONS[step.action]?.secretInputs ?? []),
      ),
    );
    problems.push(...check(`spec.teardown.${i}.if`, step.if, scope(provisionIds, anyStep)));
  });
  problems.push(...check("spec.output", spec.output, scope(provisionIds, anyStep)));
  for (const key of ["name", "component", "branch"] as const)
    problems.push(...check(`spec.environment.${key}`, spec.environment[key], scope([], anyStep, [], AT_REQUEST)));
  for (const key of ["url", "healthUrl"] as const)
    problems.push(...check(`spec.environment.${key}`, spec.environment[key], scope(provisionIds, anyStep)));
  return problems;
}
