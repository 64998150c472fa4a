// Where user-written action templates are offered: on the entities, environments and release rows
// their target rule covers, to people who may use them (selfservice:use and the template's allowed roles/groups),
// and only runnable ones (a catalog template only as an admin published it, within the policy).
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities } from "@/db/schema";
import type { Actor } from "@/lib/access/permissions";
import { matchesEntity, matchesEnvironment, type TargetEntity } from "@/lib/provisioning/action-target";
import { usableTemplates } from "@/lib/provisioning/load-templates";
import type { LoadedTemplate } from "@/lib/provisioning/template-schema";
import type { AvailableAction } from "./responses";

type Runnable = Extract<LoadedTemplate, { ok: true }>;

/** A template action offered on one target, with what its form needs. */
export type TemplateActionOffer = {
  action: AvailableAction;
  description: string | null;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
};

/** The action templates this actor may run (none without selfservice:use). */
export function usableActionTemplates(db: DbOrTx, actor: Actor): Promise<Runnable[]> {
  return usableTemplates(db, actor, "action");
}

/** The offers of these templates on an entity, on each of its environments and on each of the releases named (a release row's buttons). */
export function offersFor(
  templates: Runnable[],
  entity: TargetEntity & { ref: string },
  environments: string[],
  releases: string[] = [],
): TemplateActionOffer[] {
  const offers: TemplateActionOffer[] = [];
  const offer = (t: Runnable, target: { environment?: string; version?: string } = {}): TemplateActionOffer => ({
    action: {
      kind: "template",
      template: t.name,
      title: t.title,
      target: { entity: entity.ref, ...target },
    },
    description: t.description,
    schema: t.parametersSchema,
    uiSchema: t.uiSchema,
  });
  for (const t of templates) {
    const rule = t.template.spec.target!;
    if (rule.on === "component" && matchesEntity(rule, entity)) offers.push(offer(t));
    if (rule.on === "environment")
      for (const env of environments)
        if (matchesEnvironment(rule, entity, env)) offers.push(offer(t, { environment: env }));
    if (rule.on === "release" && matchesEntity(rule, entity))
      for (const version of releases) offers.push(offer(t, { version }));
  }
  return offers;
}

/** The target facts of catalog entities by ref (for the environments matrix). */
export async function targetEntities(db: DbOrTx, refs: string[]): Promise<Map<string, TargetEntity & { ref: string }>> {
  if (!refs.length) return new Map();
  const rows = await db
    .select({
      ref: entities.ref,
      kind: entities.kind,
      type: entities.specType,
      lifecycle: entities.lifecycle,
      owner: entities.ownerRef,
      system: entities.systemRef,
    })
    .from(entities)
    .where(inArray(entities.ref, refs));
  return new Map(rows.map((r) => [r.ref, r]));
}

/** The environments matrix's action buttons: offers per `service|environment` cell. */
export async function matrixOffers(
  db: DbOrTx,
  actor: Actor,
  cells: { service: string; name: string }[],
): Promise<Record<string, TemplateActionOffer[]>> {
  const templates = await usableActionTemplates(db, actor);
  if (!templates.length) return {};
  const facts = await targetEntities(db, [...new Set(cells.map((c) => c.service))]);
  const byCell: Record<string, TemplateActionOffer[]> = {};
  for (const cell of cells) {
    const entity = facts.get(cell.service);
    if (!entity) continue;
    const offers = offersFor(templates, entity, [cell.name]).filter((o) => o.action.target.environment);
    if (offers.length) byCell[`${cell.service}|${cell.name}`] = offers;
  }
  return byCell;
}
