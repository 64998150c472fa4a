// The teams or systems a filter picker offers for what has been typed (the environments page's
// Team and System filters): a page of matches, never the whole list.
import { and, asc, eq, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { nameContainsCondition, namePrefixCondition } from "./entity-filters";
import type { PickerQuery } from "./schemas";

export type PickerOption = { ref: string; name: string; title: string };

/** What a picker shows and sorts by: the title, else the name. */
const shown = sql<string>`coalesce(${entities.title}, ${entities.name})`;
/** The same, lowercase, in the "C" collation the name index uses: one order on every database. */
const shownKey = sql`lower(${shown}) collate "C"`;

/**
 * Entities of `kind` whose name or title contains `q` (case-insensitive; `%`, `_` and `\` are
 * literal), those whose name or title starts with it first, then by title; with an empty `q` the
 * first by title. Anyone who may read the catalog may see every team and system, as in its list.
 */
export async function pickerOptions(
  db: DbOrTx,
  actor: Actor,
  { kind, q, limit }: PickerQuery,
): Promise<PickerOption[]> {
  assertCan(actor, "catalog:read");
  const word = q.trim().toLowerCase();
  const byTitle = [asc(shownKey), asc(entities.ref)];
  const options = db.select({ ref: entities.ref, name: entities.name, title: shown }).from(entities);
  if (!word)
    return options
      .where(eq(entities.kind, kind))
      .orderBy(...byTitle)
      .limit(limit);
  const matches = or(nameContainsCondition(word), nameContainsCondition(word, shownKey));
  const startsWith = or(namePrefixCondition(word), namePrefixCondition(word, shownKey));
  return options
    .where(and(eq(entities.kind, kind), matches))
    .orderBy(sql`case when ${startsWith} then 0 else 1 end`, ...byTitle)
    .limit(limit);
}
