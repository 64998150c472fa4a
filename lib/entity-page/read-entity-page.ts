// The entity page (app/(portal)/catalog/[kind]/[namespace]/[name]): everything it shows, each thing
// read once and handed to every panel that shows it. The entity is read whole once; the action
// panel's entity and a component's target are computed from it (their columns are what the import
// stored). A component's environments feed the delivery tabs and the action panel, its repository
// the releases tab and the panel. Reads that do not depend on each other go side by side.
// Its own domain because it gathers catalog, delivery, incidents, scorecards and release actions,
// which must not import each other for a page.
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { entityColumns } from "@/lib/catalog/entity-columns";
import { describeRefs, getEntity, type EntityView } from "@/lib/catalog/queries";
import type { ServiceDeliveryParams } from "@/lib/delivery/schemas";
import { readServiceDelivery, type ServiceDelivery } from "@/lib/delivery/service-delivery";
import { listServiceEnvironments } from "@/lib/delivery/service-environments";
import { readOnCall, type OnCall } from "@/lib/incidents/oncall";
import { serviceIncidents, type IncidentWithCause } from "@/lib/incidents/queries";
import { actionSubjectOf, readActionPanel, type ActionPanel } from "@/lib/release-actions/list-actions";
import { readServiceRepository } from "@/lib/release-actions/target";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";
import { entityScorecards } from "@/lib/scorecards/queries";
import type { EntityScorecard } from "@/lib/scorecards/responses";

export type EntityPageData = {
  entity: EntityView;
  /** Owner and system as canonical refs (as the catalog stores them), or null. */
  owner: string | null;
  system: string | null;
  /** Title and kind of the entity, its relations' targets, owner and system: those in the catalog. */
  titles: Map<string, { title: string | null; kind: string }>;
  /** A component's delivery tab (params.tab); null for other kinds. */
  delivery: ServiceDelivery | null;
  incidents: IncidentWithCause[] | null;
  onCall: OnCall | null;
  scorecards: EntityScorecard[];
  /** Empty for actors who may not run actions (selfservice:use). */
  panel: ActionPanel;
};

/** A read started by whichever panel asks first and shared with the others; never started if none asks. */
function shared<T>(read: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= read());
}

/** The page's data, or null when the catalog has no such entity. `ref`: canonical (lowercase). */
export async function readEntityPage(
  db: DbOrTx,
  actor: Actor,
  ref: string,
  params: ServiceDeliveryParams,
): Promise<EntityPageData | null> {
  const entity = await getEntity(db, ref);
  if (!entity) return null;
  const isComponent = entity.kind.toLowerCase() === "component";
  const { ownerRef: owner, systemRef: system } = entityColumns(entity);
  const environments = shared(() => listServiceEnvironments(db, entity.ref));
  const repository = shared(() => readServiceRepository(db, entity.ref));
  const subject = async () => {
    const [known, listed] = await Promise.all([repository(), environments()]);
    return actionSubjectOf(entity, known, listed);
  };
  const delivery = isComponent
    ? readServiceDelivery(db, actor, entity.ref, params, {
        service: async () => ({ ref: entity.ref, repository: (await repository()).repository }),
        environments,
      })
    : Promise.resolve(null);
  const [titles, shown, incidents, onCall, scorecards, panel] = await Promise.all([
    describeRefs(db, [
      entity.ref,
      ...entity.relations.map((r) => r.targetRef),
      ...[owner, system].filter((r): r is string => r !== null),
    ]),
    delivery,
    isComponent ? serviceIncidents(db, entity.ref) : null,
    isComponent ? readOnCall(entity.metadata.annotations) : null,
    applyingScorecards(db).then((applying) => entityScorecards(db, entity.ref, applying)),
    // On the releases tab the panel also offers actions on the releases listed: it waits for them.
    isComponent && params.tab === "releases"
      ? delivery.then((d) =>
          readActionPanel(
            db,
            actor,
            entity.ref,
            d?.tab === "releases" ? d.releases.map((r) => r.tagName) : [],
            subject,
          ),
        )
      : readActionPanel(db, actor, entity.ref, [], subject),
  ]);
  return { entity, owner, system, titles, delivery: shown, incidents, onCall, scorecards, panel };
}
