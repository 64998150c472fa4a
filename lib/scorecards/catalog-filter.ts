// The catalog's scorecard facet (?scorecard=&level=, sort=level): the catalog filters on stored
// results by name; this checks the names against the scorecards that apply, so a typo is a 400
// saying what to write rather than an empty page.
import type { Db, DbOrTx } from "@/db/client";
import { LEVEL_NONE } from "@/lib/catalog/entity-filters";
import { listEntitiesJson, type EntityPage, type FacetCounts } from "@/lib/catalog/queries";
import { ENTITY_FACETS, type EntityFacetsQuery, type EntityFilters, type EntityQuery } from "@/lib/catalog/schemas";
import { sharedFacetCounts } from "@/lib/catalog/shared-counts";
import { AppError } from "@/lib/errors";
import type { JsonText } from "@/lib/wire";
import { applyingScorecards } from "./catalog-scorecards";
import type { Scorecard } from "./definition";

/** The scorecard the filters name (or none), its levels checked; throws a 400 naming the field. */
export function checkScorecardFilter(
  filters: Pick<EntityFilters, "scorecard" | "level">,
  scorecards: Scorecard[],
): Scorecard | null {
  if (!filters.scorecard) {
    if (filters.level.length)
      throw new AppError(
        "bad_request:level",
        "level needs scorecard=<name>: the scorecard whose levels to filter by.",
        [{ field: "level", message: "give scorecard too" }],
      );
    return null;
  }
  const scorecard = scorecards.find((s) => s.name === filters.scorecard);
  if (!scorecard) {
    const known = scorecards.map((s) => s.name).join(", ") || "none";
    throw new AppError("bad_request:scorecard", `No scorecard named ${filters.scorecard} (known: ${known}).`, [
      { field: "scorecard", message: "unknown scorecard" },
    ]);
  }
  const wrong = filters.level.filter((l) => l !== LEVEL_NONE && !scorecard.levels.includes(l));
  if (wrong.length)
    throw new AppError(
      "bad_request:level",
      `level must be one of ${[...scorecard.levels, LEVEL_NONE].join(", ")} for scorecard ${scorecard.name} (got ${wrong.join(", ")}).`,
      [{ field: "level", message: `unknown level ${wrong.join(", ")}` }],
    );
  return scorecard;
}

/**
 * GET /api/v1/entities: the catalog list (as the database's JSON text), its scorecard filter checked
 * first — against the scorecards that apply, read only when the query names a scorecard or a level.
 */
export async function listCatalogEntities(
  db: DbOrTx,
  query: EntityQuery,
  scorecards: () => Promise<Scorecard[]> = () => applyingScorecards(db),
): Promise<JsonText<EntityPage>> {
  if (query.scorecard || query.level.length) checkScorecardFilter(query, await scorecards());
  return listEntitiesJson(db, query);
}

/**
 * GET /api/v1/entities/facets: counts per value of the facets asked for (all when none: `level` only
 * with a scorecard), each filtered by every other filter, as the catalog page counts them and shared
 * with it. The scorecard filter is checked first, like the list's.
 */
export async function catalogFacets(
  db: Db,
  query: EntityFacetsQuery,
  scorecards: () => Promise<Scorecard[]> = () => applyingScorecards(db),
): Promise<{ facets: Partial<FacetCounts> }> {
  if (query.facets.includes("level") && !query.scorecard)
    throw new AppError(
      "bad_request:facets",
      "facets=level counts the levels of one scorecard: give scorecard=<name> too (GET /api/v1/scorecards lists them).",
      [{ field: "facets", message: "level needs scorecard" }],
    );
  if (query.scorecard || query.level.length) checkScorecardFilter(query, await scorecards());
  const names = query.facets.length
    ? [...new Set(query.facets)]
    : ENTITY_FACETS.filter((f) => f !== "level" || query.scorecard);
  const counts = await sharedFacetCounts(db, query, query.limit);
  return { facets: Object.fromEntries(names.map((name) => [name, counts[name]])) };
}
