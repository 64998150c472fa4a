// One way to write an incident, whoever sent it: serialised per sender key, the row and its
// timeline in one transaction, a late (older) delivery added to the timeline without undoing newer state.
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { queryRows, type Db, type DbOrTx, sqlList } from "@/db/client";
import {
  incidentEvents,
  incidents,
  type IncidentDetails,
  type IncidentEventKind,
  type IncidentSeverity,
  type IncidentSource,
  type IncidentStatus,
} from "@/db/schema";
import type { Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";

export type IncidentRow = typeof incidents.$inferSelect;

export type IncidentState = {
  serviceRef: string | null;
  serviceLabel: string | null;
  environment: string | null;
  severity: IncidentSeverity;
  status: IncidentStatus;
  title: string;
  url: string | null;
  startedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  details: IncidentDetails;
};

export type TimelineEntry = {
  kind: IncidentEventKind;
  message: string;
  at: Date;
  actor?: string | null;
  sourceEventId?: string | null;
};

/** What a delivery does to the incident it names: its new state (null: timeline only) and what to add to the timeline. */
export type IncidentPlan = { state: IncidentState | null; events: TimelineEntry[]; occurredAt: Date };

export type IncidentKey = {
  source: IncidentSource;
  externalKey: string;
  /** "open": a resolved incident stays closed and the key starts a new one (Alertmanager groups); "latest": the key names one incident for good (PagerDuty, the API). */
  scope: "open" | "latest";
  /**
   * Alertmanager: when no open incident has the key, the open one of the same group (hash) that holds
   * one of these alerts and is on the same service (or equally unmatched) — its key changed with the
   * mapping rules, its alerts did not. It takes the new key.
   */
  follow?: { group: string; fingerprints: string[]; serviceRef: string | null };
};

export type RecordResult = { incident: IncidentRow | null; created: boolean; changed: boolean };

/**
 * Finds the incident the key names and applies the plan the sender's logic makes from it (`plan`
 * sees the current row or null). Returns the row after the change; `incident` is null when the plan
 * had nothing to record.
 */
export async function recordIncident(
  db: Db,
  actor: Actor,
  key: IncidentKey,
  plan: (existing: IncidentRow | null) => IncidentPlan | null,
  deps: { ip?: string | null } = {},
): Promise<RecordResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`incident:${key.source}:${key.externalKey}`}))`);
    const { row: existing, followed } = await findByKey(tx, key);
    const next = plan(existing);
    if (!next) return { incident: existing, created: false, changed: false };
    if (!existing) {
      if (!next.state) return { incident: null, created: false, changed: false };
      const deploymentId = await deploymentLiveAt(tx, next.state);
      const [row] = await tx
        .insert(incidents)
        .values({
          source: key.source,
          externalKey: key.externalKey,
          ...next.state,
          deploymentId,
          lastEventAt: next.occurredAt,
        })
        .returning();
      await addEvents(tx, row.id, next.events);
      await audit(tx, actor, row, "incident.create", deps.ip);
      return { incident: row, created: true, changed: true };
    }
    // A delivery older than what we hold (senders do not promise order) only adds to the timeline.
    const stale = next.occurredAt.getTime() < existing.lastEventAt.getTime();
    await addEvents(tx, existing.id, next.events);
    if (stale || !next.state) return { incident: existing, created: false, changed: false };
    const [row] = await tx
      .update(incidents)
      .set({
        ...next.state,
        ...(followed ? { externalKey: key.externalKey } : {}),
        lastEventAt: next.occurredAt,
        updatedAt: new Date(),
      })
      .where(eq(incidents.id, existing.id))
      .returning();
    if (row.status !== existing.status) await audit(tx, actor, row, `incident.${row.status}`, deps.ip);
    return { incident: row, created: false, changed: true };
  });
}

async function findByKey(tx: DbOrTx, key: IncidentKey): Promise<{ row: IncidentRow | null; followed: boolean }> {
  const conditions = [eq(incidents.source, key.source), eq(incidents.externalKey, key.externalKey)];
  if (key.scope === "open") conditions.push(ne(incidents.status, "resolved"));
  const [row] = await tx
    .select()
    .from(incidents)
    .where(and(...conditions))
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .limit(1);
  if (row || !key.follow || key.follow.fingerprints.length === 0) return { row: row ?? null, followed: false };
  const { group, fingerprints, serviceRef } = key.follow;
  const [followed] = await tx
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.source, key.source),
        ne(incidents.status, "resolved"),
        sql`${incidents.details}->>'group' = ${group}`,
        sql`${incidents.details}->'alerts' ?| ${sql`array[${sqlList(fingerprints)}]::text[]`}`,
        sql`${incidents.serviceRef} is not distinct from ${serviceRef}`,
      ),
    )
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .limit(1);
  return { row: followed ?? null, followed: Boolean(followed) };
}

/** The most recent resolved incident of a key: a repeated "resolved" notification must not make a second one. */
export async function latestResolved(tx: DbOrTx, source: IncidentSource, externalKey: string) {
  const [row] = await tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.source, source), eq(incidents.externalKey, externalKey), eq(incidents.status, "resolved")))
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .limit(1);
  return row ?? null;
}

/**
 * The deployment that was live in the incident's environment when it began: the last successful
 * one started before it (GitHub marks superseded ones inactive; they were live then).
 */
export async function deploymentLiveAt(
  tx: DbOrTx,
  state: Pick<IncidentState, "serviceRef" | "environment" | "startedAt">,
): Promise<number | null> {
  if (!state.serviceRef || !state.environment) return null;
  const [row] = await queryRows<{ id: number }>(
    tx,
    sql`select id::int as id from deployments
        where service_ref = ${state.serviceRef} and environment = ${state.environment}
          and status in ('success', 'inactive') and started_at <= ${state.startedAt.toISOString()}::timestamptz
        order by started_at desc, id desc limit 1`,
  );
  return row?.id ?? null;
}

async function addEvents(tx: DbOrTx, incidentId: number, events: TimelineEntry[]) {
  if (events.length === 0) return;
  await tx
    .insert(incidentEvents)
    .values(
      events.map((e) => ({
        incidentId,
        at: e.at,
        kind: e.kind,
        message: e.message.slice(0, 2000),
        actor: e.actor ?? null,
        sourceEventId: e.sourceEventId ?? null,
      })),
    )
    .onConflictDoNothing();
}

async function audit(tx: DbOrTx, actor: Actor, row: IncidentRow, action: string, ip?: string | null) {
  await recordAudit(tx, actor, {
    action,
    target: `incident:${row.id}`,
    details: {
      source: row.source,
      service: row.serviceRef ?? row.serviceLabel,
      environment: row.environment,
      status: row.status,
    },
    ip,
  });
}
