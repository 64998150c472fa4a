// Admin → Templates: every template with where it comes from, whether it may run and why, what it
// uses (actions, secrets), and for a catalog template what changed since it was published.
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities, locations, templatePublications } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { loadAllTemplates, loadTemplate } from "./load-templates";
import { PORTAL_TEMPLATE_TYPES, type TemplateProblem, type TemplateSource } from "./template-schema";
import { diffLines, templateYaml, type DiffLine } from "./template-diff";
import {
  policyProblems,
  readCatalogPolicy,
  templateHash,
  templateUses,
  trustBlock,
  type TemplateTrust,
} from "./template-trust";

export type TemplateReview = {
  name: string | null;
  title: string | null;
  source: TemplateSource;
  /** The catalog location that holds the entity (an import, a GitHub repository), for catalog templates. */
  location: string | null;
  trust: TemplateTrust;
  /** Why it is not offered, if it is not. */
  blocked: string | null;
  problems: TemplateProblem[];
  /** The version that runs (published, or the file). */
  uses: { actions: string[]; secrets: string[] } | null;
  /** The entity as it is now, when that is not what runs: what publishing would make runnable. */
  current: {
    hash: string;
    uses: { actions: string[]; secrets: string[] } | null;
    problems: TemplateProblem[];
    policyProblems: TemplateProblem[];
    diff: DiffLine[];
  } | null;
  canPublish: boolean;
  canWithdraw: boolean;
};

export async function reviewTemplates(
  db: DbOrTx,
  actor: Actor,
): Promise<{ items: TemplateReview[]; policy: { actions: string[]; secrets: string[] } }> {
  assertCan(actor, "admin:templates");
  const policy = readCatalogPolicy();
  const rows = await db
    .select({
      ref: entities.ref,
      body: entities.body,
      location: locations.id,
      locationType: locations.type,
      published: templatePublications.body,
    })
    .from(entities)
    .innerJoin(locations, eq(locations.id, entities.locationId))
    .leftJoin(templatePublications, eq(templatePublications.ref, entities.ref))
    .where(and(eq(entities.kind, "template"), inArray(entities.specType, [...PORTAL_TEMPLATE_TYPES])));
  const byRef = new Map(rows.map((r) => [r.ref, r]));
  const items = (await loadAllTemplates(db)).map((t): TemplateReview => {
    const row = t.source.kind === "catalog" ? byRef.get(t.source.ref) : undefined;
    const runs = t.ok && t.trust.state !== "unpublished" ? templateUses(t.template) : null;
    let current: TemplateReview["current"] = null;
    if (row && t.trust.state !== "published" && t.trust.state !== "trusted") {
      const loaded = loadTemplate(row.body, { kind: "catalog", ref: row.ref });
      current = {
        hash: templateHash(row.body),
        uses: loaded.ok ? templateUses(loaded.template) : null,
        problems: loaded.ok ? [] : loaded.problems,
        policyProblems: loaded.ok ? policyProblems(loaded.template, policy) : [],
        diff: diffLines(row.published ? templateYaml(row.published) : "", templateYaml(row.body)),
      };
    }
    const blocked = !t.ok ? "broken" : trustBlock(t.name, t.trust);
    return {
      name: t.name,
      title: t.ok ? t.title : null,
      source: t.source,
      location: row ? `${row.locationType}: ${row.location}` : null,
      trust: t.trust,
      blocked,
      problems: t.ok ? [] : t.problems,
      uses: runs,
      current,
      canPublish: !!current && current.problems.length === 0 && current.policyProblems.length === 0,
      canWithdraw: t.source.kind === "catalog" && t.trust.publishedHash !== null,
    };
  });
  return { items, policy };
}
