// The trust model for templates. Templates in PORTOLAN_TEMPLATES_DIR are trusted: the platform team
// controls the server's files. A catalog template (imported through the API, or found by the GitHub
// sync) is runnable only in the version an admin published — the exact body, by hash — and only as
// far as the admin policy lets catalog templates go: which actions (PORTOLAN_CATALOG_TEMPLATE_ACTIONS,
// by default all but local:process) and which secrets (PORTOLAN_CATALOG_TEMPLATE_SECRETS, by default
// none). Publishing refuses what the policy forbids, and a run checks again when it starts.
import { createHash } from "node:crypto";
import { toCanonicalJson } from "@/lib/catalog/entity-hash";
import { ACTIONS } from "./actions";
import { referencedSecrets } from "./expressions";
import type { TemplateDefinition, TemplateProblem } from "./template-schema";

export type TrustState = "trusted" | "published" | "pending" | "unpublished";

export type TemplateTrust = {
  /** trusted: from PORTOLAN_TEMPLATES_DIR; published: the entity is the published version; pending: it changed since; unpublished: never published (or withdrawn). */
  state: TrustState;
  /** Hash of the version that runs (the published one); null for directory templates and unpublished ones. */
  publishedHash: string | null;
  /** Hash of the catalog entity as it is now. */
  currentHash: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  /** What the policy forbids in the version that would run; any makes it not runnable. */
  policyProblems: TemplateProblem[];
};

export const DIRECTORY_TRUST: TemplateTrust = {
  state: "trusted",
  publishedHash: null,
  currentHash: null,
  publishedBy: null,
  publishedAt: null,
  policyProblems: [],
};

/** sha256 of a template body's canonical JSON: what "this exact version" means. */
export function templateHash(body: unknown): string {
  return createHash("sha256").update(toCanonicalJson(body)).digest("hex");
}

export type CatalogTemplatePolicy = { actions: string[]; secrets: string[] };

function list(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Actions catalog templates may not use unless an admin names them: they make the server run code or
 * tools on its own machine (a process, a build, a container, Terraform), create databases on its
 * server, read repositories (file:// URLs) from its disk, or restart another environment's containers.
 */
export const POWERFUL_ACTIONS = [
  "local:process",
  "git:checkout",
  "container:build",
  "container:run",
  "compose:up",
  "postgres:database",
  "terraform:apply",
  "portolan:restart",
];

/** PORTOLAN_CATALOG_TEMPLATE_ACTIONS / _SECRETS: names, or patterns ending in `*` (`github:*`, `*`). */
export function readCatalogPolicy(env: NodeJS.ProcessEnv = process.env): CatalogTemplatePolicy {
  return {
    actions:
      list(env.PORTOLAN_CATALOG_TEMPLATE_ACTIONS) ??
      Object.keys(ACTIONS).filter((id) => !POWERFUL_ACTIONS.includes(id)),
    secrets: list(env.PORTOLAN_CATALOG_TEMPLATE_SECRETS) ?? [],
  };
}

function matches(patterns: string[], name: string): boolean {
  return patterns.some((p) => (p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : p === name));
}

const shown = (names: string[]) => (names.length ? names.join(", ") : "none");

/** What a catalog template uses that the policy does not allow, by field. */
export function policyProblems(
  template: TemplateDefinition,
  policy: CatalogTemplatePolicy = readCatalogPolicy(),
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const phases = [
    ["spec.steps", template.spec.steps],
    ["spec.teardown", template.spec.teardown],
  ] as const;
  for (const [field, steps] of phases) {
    steps.forEach((step, i) => {
      if (!matches(policy.actions, step.action)) {
        problems.push({
          field: `${field}.${i}.action`,
          message: `catalog templates may not use ${step.action} (PORTOLAN_CATALOG_TEMPLATE_ACTIONS allows ${shown(policy.actions)})`,
        });
      }
    });
  }
  for (const name of new Set(referencedSecrets([template.spec.steps, template.spec.teardown]))) {
    if (!matches(policy.secrets, name)) {
      problems.push({
        field: "spec",
        message: `catalog templates may not read the secret ${name} (PORTOLAN_CATALOG_TEMPLATE_SECRETS allows ${shown(policy.secrets)})`,
      });
    }
  }
  return problems;
}

/** The actions and secrets a template uses, for the admin list. */
export function templateUses(template: TemplateDefinition): { actions: string[]; secrets: string[] } {
  const steps = [...template.spec.steps, ...template.spec.teardown];
  return {
    actions: [...new Set(steps.map((s) => s.action))].sort(),
    secrets: [...new Set(referencedSecrets(steps))].sort(),
  };
}

/** Why a template may not run now, or null when it may. */
export function trustBlock(name: string, trust: TemplateTrust): string | null {
  if (trust.state === "unpublished")
    return `The template "${name}" is waiting for an admin to publish it (Admin → Templates).`;
  if (trust.policyProblems.length) {
    return `The published version of "${name}" uses what the catalog template policy does not allow: ${trust.policyProblems.map((p) => p.message).join("; ")}.`;
  }
  return null;
}
