import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { getDb } from "@/lib/server/database";
import { countEntities, decodeCursor, describeRefs, encodeCursor, listEntities } from "@/lib/catalog/queries";
import { entityQuerySchema, type EntityQuery } from "@/lib/catalog/schemas";
import { isAppError } from "@/lib/errors";
import { PageHeader } from "@/components/ui/page-header";
import { catalogHref, clearedFacets, definedParams, FACETS, type RawSearchParams } from "./_components/catalog-params";
import { EmptyCatalog, NoMatches } from "./_components/catalog-empty";
import { EntityTable } from "./_components/entity-table";
import { entityRows } from "./_components/entity-rows";
import { entityColumns } from "@/lib/catalog/entity-columns";
import { sharedEntityCount, sharedFacetCounts } from "@/lib/catalog/shared-counts";
import { catalogFingerprint } from "@/lib/catalog/summary-cache";
import { FacetFilters } from "./_components/facet-filters";
import { facetGroups } from "./_components/facet-options";
import { Pagination } from "./_components/pagination";
import { QueryError } from "./_components/query-error";
import { SearchBox } from "./_components/search-box";
import { SortSelect } from "./_components/sort-select";
import { ScorecardSelect } from "./_components/scorecard-select";
import { checkScorecardFilter } from "@/lib/scorecards/catalog-filter";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";
import type { Scorecard } from "@/lib/scorecards/definition";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Catalog" };

const PAGE_SIZE = 25;

function problemsOf(issues: { path: PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => {
    const field = i.path.map(String).join(".");
    return field && !i.message.startsWith(field) ? `${field}: ${i.message}` : i.message;
  });
}

async function load(query: EntityQuery, scorecards: Scorecard[]) {
  checkScorecardFilter(query, scorecards);
  const db = await getDb();
  const offset = decodeCursor(query.cursor);
  // Counts scan every matching row: shared between visitors (and the API) while the catalog is unchanged.
  // One read of the catalog's fingerprint serves both.
  const fingerprint = catalogFingerprint(db);
  const [page, total, facets] = await Promise.all([
    listEntities(db, query),
    sharedEntityCount(db, query, fingerprint),
    sharedFacetCounts(db, query, 50, fingerprint),
  ]);
  const isFiltered = Boolean(query.q) || FACETS.some((f) => query[f.name].length > 0) || query.namespace.length > 0;
  const catalogSize =
    isFiltered && total === 0
      ? await countEntities(db, {
          ...query,
          q: undefined,
          kind: [],
          namespace: [],
          type: [],
          owner: [],
          lifecycle: [],
          system: [],
          tag: [],
          scorecard: undefined,
          level: [],
        })
      : total;
  const refs = page.items.flatMap((e) => {
    const { ownerRef, systemRef } = entityColumns(e);
    return [ownerRef, systemRef].filter((r): r is string => r !== null);
  });
  const titles = await describeRefs(db, refs);
  return { offset, page, total, facets, catalogSize, titles };
}

export default async function CatalogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requireActor();
  const raw = await searchParams;
  const { limit: _ignored, ...params } = definedParams(raw);
  const parsed = entityQuerySchema.safeParse({ ...params, limit: PAGE_SIZE });
  const header = (
    <PageHeader
      title="Catalog"
      description="Every service, API, resource, system and team, with who owns it and what it depends on."
    />
  );
  if (!parsed.success) {
    return (
      <>
        {header}
        <QueryError problems={problemsOf(parsed.error.issues)} />
      </>
    );
  }
  const query = parsed.data;
  const scorecards = await applyingScorecards(await getDb());
  let data: Awaited<ReturnType<typeof load>>;
  try {
    data = await load(query, scorecards);
  } catch (error) {
    if (isAppError(error) && error.type === "bad_request") {
      return (
        <>
          {header}
          <QueryError problems={[error.message]} />
        </>
      );
    }
    throw error;
  }
  const { offset, page, total, facets, catalogSize, titles } = data;

  if (catalogSize === 0) {
    return (
      <>
        {header}
        <EmptyCatalog />
      </>
    );
  }

  const previousOffset = offset - PAGE_SIZE;
  return (
    <>
      {header}
      <div className="grid gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <aside aria-label="Filters" className="lg:sticky lg:top-20 lg:self-start">
          <FacetFilters groups={facetGroups(facets, query)} />
        </aside>
        <div className="min-w-0 space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <SearchBox />
            <ScorecardSelect scorecards={scorecards.map((s) => ({ name: s.name, title: s.title }))} />
            <SortSelect />
          </div>
          <p role="status" className="text-sm font-medium text-slate-700 dark:text-slate-300">
            {total === 1 ? "1 entity" : `${total} entities`}
          </p>
          {page.items.length === 0 ? (
            <NoMatches
              q={query.q}
              clearHref={catalogHref(raw, clearedFacets("scorecard", "namespace", "cursor", "q"))}
            />
          ) : (
            <EntityTable rows={entityRows(page.items, titles)} />
          )}
          <Pagination
            first={offset > PAGE_SIZE ? catalogHref(raw, { cursor: null }) : null}
            previous={
              offset > 0 ? catalogHref(raw, { cursor: previousOffset > 0 ? encodeCursor(previousOffset) : null }) : null
            }
            next={page.nextCursor ? catalogHref(raw, { cursor: page.nextCursor }) : null}
            from={page.items.length ? offset + 1 : 0}
            to={offset + page.items.length}
            total={total}
          />
        </div>
      </div>
    </>
  );
}
