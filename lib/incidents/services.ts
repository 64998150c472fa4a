// Which catalog service a sender means. A name the catalog does not know is not an error here: the
// incident is kept unmatched (lib/incidents/record.ts) so nothing a monitoring tool says is lost.
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";

/** Annotation that ties a component to its PagerDuty service (as Backstage's PagerDuty plugin reads it). */
export const PAGERDUTY_SERVICE_ANNOTATION = "pagerduty.com/service-id";

/** A service label (`payments`, `component:payments`, a full ref) → the catalog ref, or null when unknown or malformed. */
export async function serviceFromLabel(tx: DbOrTx, label: string | null): Promise<string | null> {
  if (!label) return null;
  let ref: string;
  try {
    ref = normaliseServiceRef(label);
  } catch {
    return null;
  }
  const [row] = await queryRows<{ ref: string }>(tx, sql`select ref from entities where ref = ${ref}`);
  return row?.ref ?? null;
}

/** The component whose `pagerduty.com/service-id` annotation names this PagerDuty service. */
export async function serviceFromPagerduty(tx: DbOrTx, pagerdutyServiceId: string): Promise<string | null> {
  const [row] = await queryRows<{ ref: string }>(
    tx,
    sql`select ref from entities
        where lower(kind) = 'component' and body->'metadata'->'annotations'->>${PAGERDUTY_SERVICE_ANNOTATION} = ${pagerdutyServiceId}
        order by ref limit 1`,
  );
  return row?.ref ?? null;
}

/**
 * PagerDuty services page for what runs in production, and its incidents name no environment:
 * they are filed under the service's production environment (`production`, or `prod` if that is
 * the name it deploys under).
 */
export async function productionEnvironmentOf(tx: DbOrTx, serviceRef: string | null): Promise<string> {
  if (!serviceRef) return "production";
  const rows = await queryRows<{ name: string }>(
    tx,
    sql`select name from service_environments where service_ref = ${serviceRef} and name in ('production', 'prod')
        order by name desc`,
  );
  return rows[0]?.name ?? "production";
}
