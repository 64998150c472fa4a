// Which catalog entities a scorecard applies to, as SQL over the entities table's denormalised columns
// (the same ones the catalog filters on): every field given must match, case-insensitively.
import { sql, type SQL } from "drizzle-orm";
import { sqlList } from "@/db/client";
import { canonicalRef } from "@/lib/catalog/refs";
import type { AppliesTo } from "./definition";

const refs = (values: string[], defaultKind: string) =>
  values.map((value) => canonicalRef(value, defaultKind) ?? value);

/** The condition over `entities e`; `true` for an empty appliesTo. */
export function appliesToSql(appliesTo: AppliesTo): SQL {
  const conditions: SQL[] = [];
  if (appliesTo.kind) conditions.push(sql`lower(e.kind) in (${sqlList(appliesTo.kind)})`);
  if (appliesTo.type) conditions.push(sql`lower(e.spec_type) in (${sqlList(appliesTo.type)})`);
  if (appliesTo.lifecycle) conditions.push(sql`lower(e.lifecycle) in (${sqlList(appliesTo.lifecycle)})`);
  if (appliesTo.namespace) conditions.push(sql`e.namespace in (${sqlList(appliesTo.namespace)})`);
  if (appliesTo.owner) conditions.push(sql`e.owner_ref in (${sqlList(refs(appliesTo.owner, "group"))})`);
  if (appliesTo.system) conditions.push(sql`e.system_ref in (${sqlList(refs(appliesTo.system, "system"))})`);
  if (appliesTo.tags) conditions.push(sql`e.tags && array[${sqlList(appliesTo.tags)}]::text[]`);
  return conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
}
