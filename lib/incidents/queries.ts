// Reading incidents: the API list, a service's open ones, one incident with its timeline.
import { and, asc, eq, gte, isNotNull, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { sqlList, type DbOrTx } from "@/db/client";
import { deployments, incidentEvents, incidents } from "@/db/schema";
import { can, type Actor } from "@/lib/access/permissions";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import { parseEntityRef, stringifyEntityRef } from "@/lib/catalog/refs";
import { encodeTimeCursor, parseTimeCursor } from "@/lib/delivery/cursor";
import { AppError } from "@/lib/errors";
import type { IncidentRow } from "./record";
import type { IncidentsQuery } from "./schemas";
import type { IncidentPage, IncidentView } from "./responses";

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
export async function listIncidents(db: DbOrTx, actor: Actor, query: Partial<IncidentsQuery>): Promise<IncidentPage> {
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
export type IncidentWithCause = IncidentView & {
  deployment: { id: number; version: string | null; ref: string | null; sha: string | null; startedAt: string } | null;
  timeline: { at: string; kind: string; message: string; actor: string | null }[];
};

/**
 * A service's incidents for its page: open ones first, then the latest resolved, each with the
 * deployment live at its start. One statement, a union of two index reads (the open ones through
 * incidents_open_idx, the latest resolved through incidents_service_started_idx): an `or` of the two
 * would visit every incident the service ever had.
 */
export async function serviceIncidents(
  db: DbOrTx,
  serviceRef: string,
  options: { resolvedLimit?: number; since?: Date } = {},
): Promise<IncidentWithCause[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.serviceRef, serviceRef), ne(incidents.status, "resolved")))
    .unionAll(
      db
        .select()
        .from(incidents)
        .where(
          and(
            eq(incidents.serviceRef, serviceRef),
            eq(incidents.status, "resolved"),
            options.since ? gte(incidents.startedAt, options.since) : undefined,
          ),
        )
        .orderBy(sql`${incidents.startedAt} desc nulls last`, sql`${incidents.id} desc nulls last`)
        .limit(options.resolvedLimit ?? 5),
    );
  // A union's order is only its own: open first, each part newest first.
  const resolved = (row: IncidentRow) => (row.status === "resolved" ? 1 : 0);
  rows.sort(
    (a, b) => resolved(a) - resolved(b) || b.startedAt.getTime() - a.startedAt.getTime() || Number(b.id) - Number(a.id),
  );
  return withCauseAndTimeline(db, rows);
}

async function withCauseAndTimeline(db: DbOrTx, rows: IncidentRow[]): Promise<IncidentWithCause[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const deploymentIds = rows.map((r) => r.deploymentId).filter((d): d is number => d !== null);
  const events = await db
    .select()
    .from(incidentEvents)
    .where(sql`${incidentEvents.incidentId} in (${sqlList(ids)})`)
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
  const causes = deploymentIds.length
    ? await db
        .select()
        .from(deployments)
        .where(sql`${deployments.id} in (${sqlList(deploymentIds)})`)
    : [];
  return rows.map((row) => {
    const cause = causes.find((d) => Number(d.id) === Number(row.deploymentId));
    return {
      ...toIncidentView(row),
      deployment: cause
        ? {
            id: Number(cause.id),
            version: cause.version,
            ref: cause.ref,
            sha: cause.sha,
            startedAt: cause.startedAt.toISOString(),
          }
        : null,
      timeline: events
        .filter((e) => Number(e.incidentId) === Number(row.id))
        .map((e) => ({ at: e.at.toISOString(), kind: e.kind, message: e.message, actor: e.actor })),
    };
  });
}

export type MatrixIncident = { service: string; environment: string | null; open: number; worst: string };
export type WithIncidents<M> = M & { incidents: MatrixIncident[] };

/** The environments matrix with its open incidents per service and environment: the red markers. */
export async function withOpenIncidents<M extends { services: { ref: string }[] }>(
  db: DbOrTx,
  matrix: M,
): Promise<WithIncidents<M>> {
  const refs = matrix.services.map((s) => s.ref);
  if (refs.length === 0) return { ...matrix, incidents: [] };
  const rows = await db
    .select({
      service: incidents.serviceRef,
      environment: incidents.environment,
      open: sql<number>`count(*)::int`,
      worst: sql<string>`(array_agg(${incidents.severity} order by array_position(array['critical','high','warning','low','info'], ${incidents.severity})))[1]`,
    })
    .from(incidents)
    .where(and(ne(incidents.status, "resolved"), sql`${incidents.serviceRef} in (${sqlList(refs)})`))
    .groupBy(incidents.serviceRef, incidents.environment);
  return {
    ...matrix,
    incidents: rows.map((r) => ({
      service: r.service!,
      environment: r.environment,
      open: Number(r.open),
      worst: r.worst,
    })),
  };
}
