// Reading incidents: the API list, a service's open ones, one incident with its timeline.
import { and, eq, isNotNull, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { incidents } from "@/db/schema";
import { can, type Actor } from "@/lib/access/permissions";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import { parseEntityRef, stringifyEntityRef } from "@/lib/catalog/refs";
import { encodeTimeCursor, parseTimeCursor } from "@/lib/delivery/cursor";
import { AppError } from "@/lib/errors";
import type { IncidentRow } from "./record";
import type { IncidentsQuery } from "./schemas";

/** An incident as the API and the pages show it. */
export type IncidentView = {
  id: number;
  service: string | null;
  /** What the sender named, kept for incidents the catalog could not place. */
  serviceLabel: string | null;
  environment: string | null;
  severity: string;
  status: string;
  title: string;
  url: string | null;
  startedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  source: string;
  /** The deployment live when it began. */
  deploymentId: number | null;
};

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export function toIncidentView(row: IncidentRow): IncidentView {
  return {
    id: Number(row.id),
    service: row.serviceRef,
    serviceLabel: row.serviceLabel,
    environment: row.environment,
    severity: row.severity,
    status: row.status,
    title: row.title,
    url: row.url,
    startedAt: row.startedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    resolvedAt: iso(row.resolvedAt),
    source: row.source,
    deploymentId: row.deploymentId === null ? null : Number(row.deploymentId),
  };
}

function teamRef(input: string): string {
  const parsed = parseEntityRef(input.trim(), { defaultKind: "group", defaultNamespace: "default" });
  if (!parsed.ok)
    throw new AppError("bad_request:catalog", `team: ${parsed.message}`, [{ field: "team", message: parsed.message }]);
  return stringifyEntityRef(parsed.ref);
}

/**
 * Incidents newest first, narrowed by service, team, environment and open/resolved; keyset-paged.
 * Incidents no catalog service matched are shown to those who may manage incidents (admins) only.
 */
export async function listIncidents(
  db: DbOrTx,
  actor: Actor,
  query: Partial<IncidentsQuery>,
): Promise<{ items: IncidentView[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const filters: SQL[] = [];
  const admin = can(actor, "incidents:manage");
  if (query.unmatched) {
    if (!admin)
      throw new AppError("forbidden:auth", "Only admins see incidents no catalog service matched (unmatched=true).");
    filters.push(isNull(incidents.serviceRef));
  } else if (!admin) filters.push(isNotNull(incidents.serviceRef));
  if (query.service) filters.push(eq(incidents.serviceRef, normaliseServiceRef(query.service)));
  if (query.team)
    filters.push(sql`${incidents.serviceRef} in (select ref from entities where owner_ref = ${teamRef(query.team)})`);
  if (query.environment) filters.push(eq(incidents.environment, query.environment));
  if (query.status === "open") filters.push(ne(incidents.status, "resolved"));
  if (query.status === "resolved") filters.push(eq(incidents.status, "resolved"));
  const after = parseTimeCursor(query.cursor);
  if (after) {
    const at = new Date(after.at);
    filters.push(or(lt(incidents.startedAt, at), and(eq(incidents.startedAt, at), lt(incidents.id, after.id)))!);
  }
  const rows = await db
    .select()
    .from(incidents)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(sql`${incidents.startedAt} desc nulls last`, sql`${incidents.id} desc nulls last`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toIncidentView),
    nextCursor: rows.length > limit && last ? encodeTimeCursor(last.startedAt, Number(last.id)) : null,
  };
}
