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

export const SORTS = ["relevance", "name", "-name", "kind", "updated"] as const;
export type EntitySort = (typeof SORTS)[number];

export const entityQuerySchema = z.object({
  kind: list,
  namespace: list,
  type: list,
  owner: list,
  lifecycle: list,
  system: list,
  tag: list,
  q: z.string().trim().max(200, "q: at most 200 characters").optional(),
  limit: z.coerce
    .number({ message: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(500, "limit must be at most 500")
    .default(50),
  cursor: z.string().max(200).optional(),
  sort: z.enum(SORTS, { message: `sort must be one of ${SORTS.join(", ")}` }).optional(),
});

export type EntityQuery = z.output<typeof entityQuerySchema>;
export type EntityFilters = Omit<EntityQuery, "limit" | "cursor" | "sort">;

/** Reads URLSearchParams into the shape the schema expects (repeated keys become arrays). */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}
