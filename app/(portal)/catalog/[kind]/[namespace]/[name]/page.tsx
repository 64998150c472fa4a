import { displayText } from "@/lib/catalog/display-text";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { getDb } from "@/lib/server/database";
import { layoutEntityGraph, refName } from "@/lib/catalog/graph-layout";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { buttonClass, linkClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { hrefForRef, teamHref } from "@/components/catalog/entity-href";
import { LifecycleBadge } from "@/components/catalog/lifecycle-badge";
import { relationLabel } from "@/components/catalog/relation-labels";
import { ServiceDelivery } from "@/components/delivery/service-delivery";
import { ReleaseCompare } from "@/components/delivery/release-compare";
import { ReleaseActions } from "@/components/release-actions/release-actions";
import { TemplateActionButtons } from "@/components/release-actions/template-action-button";
import { serviceDeliveryParams } from "@/lib/delivery/schemas";
import { readEntityPage } from "@/lib/entity-page/read-entity-page";
import { ServiceIncidents } from "@/components/incidents/service-incidents";
import { OnCallCard } from "@/components/incidents/on-call";
import { EntityScorecards } from "@/components/scorecards/entity-scorecards";
import { LevelBadge } from "@/components/scorecards/level-badge";
import { AnnotationsTable } from "./_components/annotations-table";
import { ApiDefinition } from "./_components/api-definition";
import { DependencyGraph } from "./_components/dependency-graph";
import { EntityAbout, type LinkedRef } from "./_components/entity-about";
import { EntityRelations } from "./_components/entity-relations";
import { EntitySource } from "./_components/entity-source";

export const dynamic = "force-dynamic";

type Params = { kind: string; namespace: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { name } = await params;
  return { title: decode(name) };
}

// Params normally arrive decoded; decoding again must not throw on a stray "%".
function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export default async function EntityPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor();
  const { kind, namespace, name } = await params;
  const ref = `${decode(kind)}:${decode(namespace)}/${decode(name)}`.toLowerCase();
  const data = await pageData(
    readEntityPage(await getDb(), actor, ref, serviceDeliveryParams.parse(await searchParams)),
  );
  if (!data) notFound();
  const { entity, owner, system, titles, delivery, incidents, onCall, scorecards, panel } = data;
  const linked = (r: string | null): LinkedRef =>
    r ? { ref: r, title: titles.get(r)?.title ?? null, inCatalog: titles.has(r) } : null;

  const title = displayText(entity.metadata.title) || entity.metadata.name;
  const type = str(entity.spec?.type);
  const lifecycle = str(entity.spec?.lifecycle);
  const isGroup = entity.kind.toLowerCase() === "group";
  const isApi = entity.kind.toLowerCase() === "api";

  const layout = layoutEntityGraph(entity.ref, entity.relations, {
    labelOf: (r) => (r === entity.ref ? title : (titles.get(r)?.title ?? refName(r))),
    relationLabel,
  });
  const anyOpen = incidents?.some((i) => i.status !== "resolved") ?? false;
  const entityOffers = panel.templates.filter((t) => !t.action.target.environment && !t.action.target.version);
  const environmentOffers: Record<string, typeof panel.templates> = {};
  for (const offer of panel.templates)
    if (offer.action.target.environment) (environmentOffers[offer.action.target.environment] ??= []).push(offer);
  const releaseOffers = panel.templates.filter((t) => t.action.target.version);
  const hrefs = Object.fromEntries(
    layout.nodes.filter((n) => n.ref && titles.has(n.ref)).map((n) => [n.ref!, hrefForRef(n.ref!)]),
  );

  return (
    <article>
      <PageHeader
        title={title}
        subtitle={entity.ref}
        description={displayText(entity.metadata.description)}
        badges={
          <>
            <Badge tone="brand">{entity.kind}</Badge>
            {type && <Badge>{type}</Badge>}
            {lifecycle && <LifecycleBadge lifecycle={lifecycle} />}
            {scorecards.map((s) => (
              <span key={s.name} title={`${s.title}: ${s.level ?? "no level"}`} className="inline-flex">
                <LevelBadge level={s.level} levels={s.levels} />
              </span>
            ))}
          </>
        }
        actions={
          entity.kind.toLowerCase() === "component" ? (
            <Link href={`/self-service?component=${encodeURIComponent(entity.ref)}`} className={buttonClass("primary")}>
              Spin up preview
            </Link>
          ) : undefined
        }
      />
      {isGroup && (
        <div className="mb-6">
          <Alert tone="info">
            This is a team.{" "}
            <Link href={teamHref(entity.ref)} className={linkClass}>
              Open the team page
            </Link>{" "}
            for its members, sub-teams and everything it owns.
          </Alert>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0 space-y-6">
          {/* A service on fire says so before anything else. */}
          {incidents && anyOpen && <ServiceIncidents serviceRef={entity.ref} incidents={incidents} />}
          <EntityAbout
            owner={linked(owner)}
            system={linked(system)}
            lifecycle={lifecycle}
            tags={entity.metadata.tags ?? []}
            links={entity.metadata.links ?? []}
          />
          <EntityScorecards scorecards={scorecards} />
          {layout.nodes.length > 1 && (
            <Card title="Dependency graph" id="dependency-graph">
              <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
                Left: what this uses or belongs to. Right: what uses or contains it. Click a box to open it; the same
                links are listed below.
              </p>
              <DependencyGraph layout={layout} hrefs={hrefs} />
            </Card>
          )}
          {incidents && !anyOpen && <ServiceIncidents serviceRef={entity.ref} incidents={incidents} />}
          {entityOffers.length > 0 && (
            <Card title="Actions" id="entity-actions">
              <TemplateActionButtons offers={entityOffers} />
            </Card>
          )}
          {panel.actions.length > 0 && (
            <Card title="Release actions" id="release-actions">
              <ReleaseActions
                entity={entity.ref}
                actions={panel.actions}
                bases={panel.bases}
                canOverrideFreeze={panel.canOverrideFreeze}
                compares={Object.fromEntries(
                  Object.entries(panel.comparisons).map(([i, comparison]) => [
                    i,
                    <ReleaseCompare
                      key={i}
                      service={entity.ref}
                      base={panel.bases[Number(i)]!}
                      head={panel.actions[Number(i)].target.version}
                      comparison={comparison}
                    />,
                  ]),
                )}
              />
            </Card>
          )}
          {delivery && (
            <ServiceDelivery
              serviceRef={entity.ref}
              delivery={delivery}
              promotions={panel.rows}
              releaseActions={releaseOffers}
              environmentActions={environmentOffers}
              restarts={panel.restarts}
            />
          )}
          <EntityRelations relations={entity.relations} titles={titles} />
          {isApi && <ApiDefinition definition={entity.spec?.definition} type={type} />}
          <AnnotationsTable annotations={entity.metadata.annotations ?? {}} />
        </div>
        <aside className="space-y-6">
          {onCall && <OnCallCard onCall={onCall} />}
          <EntitySource source={entity.source} annotations={entity.metadata.annotations} />
        </aside>
      </div>
    </article>
  );
}
