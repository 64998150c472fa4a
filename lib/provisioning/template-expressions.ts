// Checks a template's `${{ … }}` expressions before anyone runs it: each must parse, start from a name
// the run knows, and refer only to steps that will have run by then. What a run would find out
// halfway (an empty value, a failed step), the platform team sees when the template loads.
import { expressionsIn } from "./expressions";
import type { TemplateDefinition, TemplateProblem } from "./template-schema";

const ROOTS = ["parameters", "steps", "user", "secrets", "run"];
/** Rendered when the environment is requested, before any step ran. */
const AT_REQUEST = ["parameters", "user"];

function check(field: string, value: unknown, allowedRoots: string[], knownSteps: string[], stepsHint: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const ref of expressionsIn(value)) {
    if ("error" in ref) {
      problems.push({ field, message: ref.error });
      continue;
    }
    const [root, stepId] = ref.path;
    if (!ROOTS.includes(root)) {
      problems.push({ field, message: `\${{ ${ref.expression} }}: unknown name "${root}" (use ${ROOTS.join(", ")})` });
    } else if (!allowedRoots.includes(root)) {
      problems.push({ field, message: `\${{ ${ref.expression} }}: only ${allowedRoots.join(" and ")} are known here` });
    } else if (root === "steps" && stepId !== undefined && !knownSteps.includes(stepId)) {
      problems.push({ field, message: `\${{ ${ref.expression} }}: "${stepId}" is not ${stepsHint}` });
    }
  }
  return problems;
}

export function checkTemplateExpressions(template: TemplateDefinition): TemplateProblem[] {
  const { spec } = template;
  const provisionIds = spec.steps.map((s) => s.id);
  const problems: TemplateProblem[] = [];
  spec.steps.forEach((step, i) => {
    const earlier = provisionIds.slice(0, i);
    const hint = earlier.length ? `an earlier step (${earlier.join(", ")})` : "an earlier step (this is the first)";
    problems.push(...check(`spec.steps.${i}.input`, step.input, ROOTS, earlier, hint));
    problems.push(...check(`spec.steps.${i}.if`, step.if, ROOTS, earlier, hint));
  });
  const anyStep = `a step of this template (${provisionIds.join(", ")})`;
  spec.teardown.forEach((step, i) => {
    problems.push(...check(`spec.teardown.${i}.input`, step.input, ROOTS, provisionIds, anyStep));
    problems.push(...check(`spec.teardown.${i}.if`, step.if, ROOTS, provisionIds, anyStep));
  });
  problems.push(...check("spec.output", spec.output, ROOTS, provisionIds, anyStep));
  for (const key of ["name", "component", "branch"] as const) problems.push(...check(`spec.environment.${key}`, spec.environment[key], AT_REQUEST, [], anyStep));
  for (const key of ["url", "healthUrl"] as const) problems.push(...check(`spec.environment.${key}`, spec.environment[key], ROOTS, provisionIds, anyStep));
  return problems;
}
