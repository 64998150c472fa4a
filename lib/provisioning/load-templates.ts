import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { parseAllDocuments } from "yaml";
import type { DbOrTx } from "@/db/client";
import { entities, templatePublications } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { can, type Actor } from "@/lib/access/permissions";
import { groupsOf, isAllowed } from "./guardrails";
import { ACTIONS } from "./actions";
import { readGithubConfig } from "@/lib/github/config";
import { isEngineReachable } from "@/lib/previews/containers/engine";
import { templatesDir } from "./templates-dir";
import { compileParameters, mergeParameters } from "./parameters";
import { checkTemplateExpressions } from "./template-expressions";
import {
  PORTAL_TEMPLATE_TYPES,
  templateSchema,
  type LoadedTemplate,
  type TemplateDefinition,
  type TemplateSource,
} from "./template-schema";
import { DIRECTORY_TRUST, policyProblems, templateHash, trustBlock, type TemplateTrust } from "./template-trust";
import { yamlFiles } from "@/lib/yaml-files";

export { templatesDir };

function unpublished(body: unknown): TemplateTrust {
  return { ...DIRECTORY_TRUST, state: "unpublished", currentHash: templateHash(body) };
}

/**
 * Validates one descriptor: a usable template, or the fields that are wrong and why. A file is
 * trusted; a catalog body is unpublished unless the caller says which published version it is.
 */
export function loadTemplate(
  body: unknown,
  source: TemplateSource,
  trust: TemplateTrust = source.kind === "file" ? DIRECTORY_TRUST : unpublished(body),
): LoadedTemplate {
  const rawName = (body as { metadata?: { name?: unknown } })?.metadata?.name;
  const name = typeof rawName === "string" ? rawName : null;
  const parsed = templateSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      name,
      source,
      trust,
      problems: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    };
  }
  const template = parsed.data;
  const problems: { field: string; message: string }[] = [];
  const steps = [
    ...template.spec.steps.map((s, i) => ({ s, field: `spec.steps.${i}` })),
    ...template.spec.teardown.map((s, i) => ({ s, field: `spec.teardown.${i}` })),
  ];
  const ids = new Set<string>();
  for (const { s, field } of steps) {
    if (!ACTIONS[s.action])
      problems.push({
        field: `${field}.action`,
        message: `unknown action "${s.action}" (known: ${Object.keys(ACTIONS).join(", ")})`,
      });
    if (ids.has(s.id)) problems.push({ field: `${field}.id`, message: `duplicate step id "${s.id}"` });
    ids.add(s.id);
  }
  problems.push(...checkTemplateExpressions(template));
  const { schema, uiSchema } = mergeParameters(template);
  try {
    compileParameters(schema);
  } catch (error) {
    problems.push({ field: "spec.parameters", message: error instanceof Error ? error.message : String(error) });
  }
  if (problems.length) return { ok: false, name, source, trust, problems };
  return {
    ok: true,
    trust: trust.state === "trusted" ? trust : { ...trust, policyProblems: policyProblems(template) },
    name: template.metadata.name,
    title: template.metadata.title ?? template.metadata.name,
    description: template.metadata.description ?? null,
    source,
    template,
    parametersSchema: schema,
    uiSchema,
  };
}

// Parsed files by path, reused while the file's mtime and size are unchanged: every request reads
// the templates (so an edit shows at once), and parsing them each time costs a burst of requests.
const parsedFiles = new Map<string, { stamp: string; templates: LoadedTemplate[] }>();

/** Every Template document in the templates directory (files without a Template are ignored). */
export function loadDirectoryTemplates(dir = templatesDir()): LoadedTemplate[] {
  const loaded: LoadedTemplate[] = [];
  for (const file of yamlFiles(dir)) {
    let stamp: string;
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      continue;
    }
    const cached = parsedFiles.get(file);
    if (cached?.stamp === stamp) {
      loaded.push(...cached.templates);
      continue;
    }
    const templates = loadTemplateFile(file);
    parsedFiles.set(file, { stamp, templates });
    loaded.push(...templates);
  }
  return loaded;
}

/** Every Template document in one file, valid or not (files are named relative to the working directory). */
export function loadTemplateFile(file: string): LoadedTemplate[] {
  const relative = path.relative(process.cwd(), file) || file;
  let documents;
  try {
    documents = parseAllDocuments(fs.readFileSync(file, "utf8"));
  } catch (error) {
    return [
      {
        ok: false,
        name: null,
        source: { kind: "file", file: relative },
        trust: DIRECTORY_TRUST,
        problems: [{ field: "", message: String(error) }],
      },
    ];
  }
  const loaded: LoadedTemplate[] = [];
  for (const doc of documents) {
    if (doc.errors.length) {
      loaded.push({
        ok: false,
        name: null,
        source: { kind: "file", file: relative },
        trust: DIRECTORY_TRUST,
        problems: doc.errors.map((e) => ({ field: "", message: e.message })),
      });
      continue;
    }
    const body = doc.toJS() as { kind?: unknown } | null;
    if (!body || body.kind !== "Template") continue;
    loaded.push(loadTemplate(body, { kind: "file", file: relative }));
  }
  return loaded;
}

/**
 * Templates imported into the catalog (kind Template with spec.type environment or action), each in the version
 * that would run: the published one when there is one (the entity may have changed since: pending),
 * else the entity as it is (unpublished, shown but not runnable).
 */
export async function loadCatalogTemplates(db: DbOrTx): Promise<LoadedTemplate[]> {
  const rows = await db
    .select({ ref: entities.ref, body: entities.body, published: templatePublications })
    .from(entities)
    .leftJoin(templatePublications, eq(templatePublications.ref, entities.ref))
    .where(and(eq(entities.kind, "template"), inArray(entities.specType, [...PORTAL_TEMPLATE_TYPES])));
  return rows.map(({ ref, body, published }) => {
    const source = { kind: "catalog" as const, ref };
    if (!published) return loadTemplate(body, source);
    const currentHash = templateHash(body);
    return loadTemplate(published.body, source, {
      state: published.hash === currentHash ? "published" : "pending",
      publishedHash: published.hash,
      currentHash,
      publishedBy: published.publishedBy,
      publishedAt: published.publishedAt.toISOString(),
      policyProblems: [],
    });
  });
}

/** Directory templates first; a catalog template with the same name is reported as a duplicate. */
export async function loadAllTemplates(db: DbOrTx): Promise<LoadedTemplate[]> {
  const all = [...loadDirectoryTemplates(), ...(await loadCatalogTemplates(db))];
  const seen = new Set<string>();
  return all.map((t) => {
    if (!t.ok) return t;
    if (seen.has(t.name))
      return {
        ok: false,
        name: t.name,
        source: t.source,
        trust: t.trust,
        problems: [{ field: "metadata.name", message: `another template is already named "${t.name}"` }],
      };
    seen.add(t.name);
    return t;
  });
}

/**
 * Whether this installation has what the template requires: GitHub configured (`requires: [github]`),
 * a container engine that answers (`requires: [containers]`).
 */
export async function isAvailable(
  template: TemplateDefinition,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  for (const need of template.spec.requires) {
    if (need === "github" && readGithubConfig(env).auth.mode === "none") return false;
    if (need === "containers" && !(await isEngineReachable(env))) return false;
  }
  return true;
}

/** Whether a loaded template may be run now: valid, and trusted or published within the policy. */
export function isRunnable(t: LoadedTemplate): boolean {
  return t.ok && trustBlock(t.name, t.trust) === null;
}

/**
 * The templates of this spec.type the actor may run now: runnable, available on this installation
 * and open to them (spec.guardrails.allowed); none without selfservice:use. `all`: loadAllTemplates' answer, when the caller has it.
 */
export async function usableTemplates(
  db: DbOrTx,
  actor: Actor,
  type: TemplateDefinition["spec"]["type"],
  all?: LoadedTemplate[],
): Promise<Extract<LoadedTemplate, { ok: true }>[]> {
  if (!can(actor, "selfservice:use")) return [];
  const runnable = (all ?? (await loadAllTemplates(db))).filter(
    (t): t is Extract<LoadedTemplate, { ok: true }> => t.ok && t.template.spec.type === type && isRunnable(t),
  );
  if (!runnable.length) return [];
  const groups = await groupsOf(db, actor);
  const available = await Promise.all(runnable.map((t) => isAvailable(t.template)));
  return runnable.filter((t, i) => available[i] && isAllowed(t.template, actor, groups));
}

/** A runnable template by name or catalog ref, or 404 (a broken one says why, an untrusted one 403 and why). */
export async function findTemplate(db: DbOrTx, nameOrRef: string): Promise<Extract<LoadedTemplate, { ok: true }>> {
  const all = await loadAllTemplates(db);
  const wanted = nameOrRef.toLowerCase();
  const match = all.find(
    (t) =>
      t.name === wanted ||
      (t.source.kind === "catalog" && t.source.ref === wanted) ||
      `template:default/${t.name}` === wanted,
  );
  if (!match) throw new AppError("not_found:template", `There is no template "${nameOrRef}".`);
  if (!match.ok)
    throw new AppError(
      "unprocessable:template",
      `The template "${nameOrRef}" is broken: ${match.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
      match.problems,
    );
  const blocked = trustBlock(match.name, match.trust);
  if (blocked) throw new AppError("forbidden:template", blocked, match.trust.policyProblems);
  if (!(await isAvailable(match.template)))
    throw new AppError(
      "unprocessable:template",
      match.template.spec.requires.includes("containers")
        ? `The template "${nameOrRef}" needs a container engine, and none answers here (DOCKER_HOST or PORTOLAN_CONTAINER_HOST).`
        : `The template "${nameOrRef}" needs GitHub, which is not configured here (GITHUB_TOKEN or a GitHub App).`,
    );
  return match;
}
