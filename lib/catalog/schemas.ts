import { z } from "zod";

/** Accepts `?kind=a&kind=b` and `?kind=a,b` alike. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (Array.isArray(v) ? v : v ? [v] : [])
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** `level`: highest scorecard level first, `-level`: lowest first (both need `scorecard`). */
export const SORTS = ["relevance", "name", "-name", "kind", "updated", "level", "-level"] as const;

/** A list filter, described for the OpenAPI document. */
const listOf = (description: string) =>
  list.meta({ description: `${description} Repeat the parameter or separate values with commas.` });

/** A page size: 1 to `max`, `fallback` when absent; `note` follows the maximum in its message. */
function pageLimit(max: number, fallback: number, note = "") {
  return z.coerce
    .number({ message: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(max, `limit must be at most ${max}${note}`)
    .default(fallback);
}

export const entityQuerySchema = z.object({
  kind: listOf("Entity kinds (case-insensitive)."),
  namespace: listOf("Namespaces."),
  type: listOf("spec.type values."),
  owner: listOf("Owner refs; `team-a` means `group:default/team-a`."),
  lifecycle: listOf("spec.lifecycle values."),
  system: listOf("System refs; `booking` means `system:default/booking`."),
  tag: listOf("Tags; an entity must carry all of them."),
  scorecard: z.string().trim().min(1).max(63).optional().meta({
    description:
      "Only entities this scorecard applies to (GET /api/v1/scorecards lists them); needed by `level` and `sort=level`.",
  }),
  level: listOf("Levels of `scorecard` (`none`: below its first level)."),
  q: z
    .string()
    .trim()
    .max(200, "q: at most 200 characters")
    .optional()
    .meta({ description: "Full-text search over name, title, description and tags; prefixes match." }),
  limit: pageLimit(500, 50),
  cursor: z.string().max(200).optional().meta({ description: "The `nextCursor` of the previous page." }),
  sort: z.enum(SORTS, { message: `sort must be one of ${SORTS.join(", ")}` }).optional(),
});

export type EntityQuery = z.output<typeof entityQuerySchema>;
export type EntityFilters = Omit<EntityQuery, "limit" | "cursor" | "sort">;

/** What GET /api/v1/entities/facets counts (`level`: the levels of `scorecard`). */
export const ENTITY_FACETS = ["kind", "type", "owner", "lifecycle", "system", "tag", "level"] as const;
export type FacetName = (typeof ENTITY_FACETS)[number];

/** GET /api/v1/entities/facets: the list's filters, which facets, how many values of each. */
export const entityFacetsQuerySchema = entityQuerySchema.omit({ limit: true, cursor: true, sort: true }).extend({
  facets: list
    .pipe(
      z.array(
        z.enum(ENTITY_FACETS, {
          error: (issue) => `unknown facet ${JSON.stringify(issue.input)}: facets takes ${ENTITY_FACETS.join(", ")}`,
        }),
      ),
    )
    .meta({
      description: `Which facets to count, of ${ENTITY_FACETS.join(", ")} (\`level\` needs \`scorecard\`); all of them when absent (\`level\` only with \`scorecard\`). Repeat the parameter or separate values with commas.`,
    }),
  limit: pageLimit(200, 50, " (values per facet)").meta({
    description: "Values per facet, the most frequent first (1-200).",
  }),
});

export type EntityFacetsQuery = z.output<typeof entityFacetsQuerySchema>;

/** Reads URLSearchParams into the shape the schema expects (repeated keys become arrays). */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

export const LOCATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$/;
const LOCATION_ID_MESSAGE =
  "Give the source a location id: ?location=<id>, 1-200 characters of letters, digits and . _ : / @ - (e.g. ?location=github.com/acme/payments).";

/** A location id, as the import's `?location=` and the locations routes take it. */
export const locationIdSchema = z
  .string({ message: LOCATION_ID_MESSAGE })
  .regex(LOCATION_ID_PATTERN, LOCATION_ID_MESSAGE);

export const LOCATION_SOURCE_FILTERS = ["api", "file", "seed", "github"] as const;

/** GET /api/v1/catalog/locations */
export const locationQuerySchema = z.object({
  source: z
    .enum(LOCATION_SOURCE_FILTERS, { message: `source must be one of ${LOCATION_SOURCE_FILTERS.join(", ")}` })
    .optional(),
  limit: pageLimit(500, 100),
  cursor: z
    .string()
    .max(2000, "cursor is too long; start again without it")
    .optional()
    .meta({ description: "The `nextCursor` of the previous page." }),
});

export type LocationQuery = z.output<typeof locationQuerySchema>;

/** The kinds a filter picker offers: teams (Group) and systems. */
export const PICKER_KINDS = ["group", "system"] as const;

/** GET /environments/options: the teams or systems a filter picker offers for what has been typed. */
export const pickerQuerySchema = z.object({
  kind: z.enum(PICKER_KINDS, { message: `kind must be one of ${PICKER_KINDS.join(", ")}` }),
  q: z.string().trim().max(100, "q: at most 100 characters").default("").meta({
    description: "Text the name or title contains (case-insensitive, taken literally); names starting with it first.",
  }),
  limit: pageLimit(50, 20),
});

export type PickerQuery = z.output<typeof pickerQuerySchema>;
