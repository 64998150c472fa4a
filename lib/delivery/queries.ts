import { and, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deployments } from "@/db/schema";
import { encodeTimeCursor, parseTimeCursor } from "./cursor";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import type { DeploymentsQuery } from "./schemas";
import { toDeploymentView, type DeploymentView } from "./views";

/** Deployments newest first, narrowed by service, environment, status and time; keyset-paged. */
export async function listDeployments(
  db: DbOrTx,
  query: Partial<DeploymentsQuery>,
): Promise<{ items: DeploymentView[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const filters: SQL[] = [];
  if (query.service) filters.push(eq(deployments.serviceRef, normaliseServiceRef(query.service)));
  if (query.environment) filters.push(eq(deployments.environment, query.environment));
  if (query.status) filters.push(eq(deployments.status, query.status));
  if (query.since) filters.push(gte(deployments.startedAt, new Date(query.since)));
  const after = parseTimeCursor(query.cursor);
  if (after) {
    const at = new Date(after.at);
    filters.push(or(lt(deployments.startedAt, at), and(eq(deployments.startedAt, at), lt(deployments.id, after.id)))!);
  }
  const rows = await db
    .select()
    .from(deployments)
    .where(filters.length ? and(...filters) : undefined)
    // nulls last, as the indexes are built (drizzle's .desc()), so the order is read off the index.
    .orderBy(sql`${deployments.startedAt} desc nulls last`, sql`${deployments.id} desc nulls last`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toDeploymentView),
    nextCursor: rows.length > limit && last ? encodeTimeCursor(last.startedAt, Number(last.id)) : null,
  };
}

/** The distinct environments and statuses a service has, for the timeline's filters. */
export async function deploymentFacets(db: DbOrTx, serviceRef: string): Promise<{ environments: string[] }> {
  const rows = await db.execute(
    sql`select name from service_environments where service_ref = ${serviceRef} order by name`,
  );
  return { environments: (rows as unknown as { rows: { name: string }[] }).rows.map((r) => r.name) };
}
