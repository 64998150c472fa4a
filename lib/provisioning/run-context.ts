import type { provisioningRuns } from "@/db/schema";
import { referencedSecrets, renderString, type ExpressionContext } from "./expressions";
import type { TemplateDefinition } from "./template-schema";
import { displayActor } from "@/lib/access/display-actor";

type Run = typeof provisioningRuns.$inferSelect;

/** `${{ secrets.X }}` reads PORTOLAN_SECRET_X from the worker's environment, never the database. */
export function secretsFor(template: TemplateDefinition, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const names = new Set(referencedSecrets([template.spec.steps, template.spec.teardown]));
  const secrets: Record<string, string> = {};
  for (const name of names) {
    const value = env[`PORTOLAN_SECRET_${name}`];
    if (value !== undefined) secrets[name] = value;
  }
  return secrets;
}

/** Replaces every secret value in text, so logs and errors never carry one. */
export function redactor(secrets: Record<string, string>): (text: string) => string {
  const values = Object.values(secrets)
    .filter((v) => v.length >= 4)
    .sort((a, b) => b.length - a.length);
  return (text) => values.reduce((t, v) => t.split(v).join("***"), text);
}

/** Redacts every string inside a step's output, so no stored output carries a secret either. */
export function redactOutput(
  output: Record<string, unknown>,
  redact: (text: string) => string,
): Record<string, unknown> {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return redact(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), walk(v)]));
    return value;
  };
  return walk(output) as Record<string, unknown>;
}

export function expressionContext(
  run: Run,
  stepOutputs: Record<string, Record<string, unknown>>,
  secrets: Record<string, string>,
  extra: Record<string, unknown> = {},
): ExpressionContext {
  // A release action's run knows its target (entity, environment, release, deployer) as it was when
  // requested: the values are data in the stored template, read by expressions, never evaluated.
  const target = (run.template as { spec?: { target?: Record<string, unknown> } }).spec?.target ?? {};
  return {
    ...target,
    parameters: run.parameters,
    steps: Object.fromEntries(Object.entries(stepOutputs).map(([id, output]) => [id, { output }])),
    user: { login: displayActor(run.requestedBy), ref: run.requestedBy },
    run: { id: run.id },
    secrets,
    ...extra,
  };
}

/** The environment's links, URL and health URL from the steps' outputs (at the end of a run, after a wake and after a restart). */
export function environmentUrls(
  run: Run,
  template: TemplateDefinition,
  outputs: Record<string, Record<string, unknown>>,
  secrets: Record<string, string>,
) {
  const context = expressionContext(run, outputs, secrets);
  const links = (template.spec.output?.links ?? []).map((l) => ({
    title: l.title ?? "Open",
    url: String(renderString(l.url, context) ?? ""),
  }));
  const text = (expression: string | undefined) =>
    expression ? String(renderString(expression, context) ?? "") || null : null;
  const url = template.spec.environment.url ? text(template.spec.environment.url) : links[0]?.url || null;
  return { links, url, healthUrl: text(template.spec.environment.healthUrl) };
}

/**
 * An environment's columns once it answers at newly rendered URLs (after a wake or a restart): the
 * URLs, and its health to be probed afresh (what was seen before says nothing now).
 */
export function readdressed(urls: { url: string | null; healthUrl: string | null }) {
  return {
    url: urls.url,
    healthUrl: urls.healthUrl,
    lastProbedAt: null,
    lastProbeOk: null,
    lastProbeError: null,
    lastProbeLatencyMs: null,
    probeFailures: 0,
    failingSince: null,
  };
}
