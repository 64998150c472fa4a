// The admin's service mapping: GET/POST/DELETE /api/v1/incidents/mappings and PUT …/mappings/labels,
// and Admin → Incidents. A new rule re-attaches the unmatched incidents it matches, in the same
// transaction; every change is audited. Removing a rule leaves the incidents it placed where they are.
import { desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db, type DbOrTx } from "@/db/client";
import {
  incidentEvents,
  incidentMappingSettings,
  incidentServiceMappings,
  incidents,
  MAPPING_MATCHES,
} from "@/db/schema";
import { actorLabel, assertCan, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { parseEntityRef, stringifyEntityRef } from "@/lib/catalog/refs";
import { AppError } from "@/lib/errors";
import { compilePattern, loadRules, makeMapper, serviceLabelNames, type MappingRule } from "./mapping";
import { toIncidentView } from "./queries";
import { deploymentLiveAt, type IncidentRow } from "./record";
import type { CreatedMapping, MappingList, MappingView, UnmatchedIncident } from "./responses";
import { environmentName } from "./schemas";

const labelName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_./-]{0,99}$/, "a label name like service, app or kubernetes_namespace");

export const mappingInput = z
  .object({
    labelName,
    match: z.enum(MAPPING_MATCHES, { message: `match is one of ${MAPPING_MATCHES.join(", ")}` }).default("exact"),
    pattern: z.string().min(1, "the label value (or glob, or regular expression) to match").max(500),
    service: z.string().trim().min(1, "the catalog service alerts go to, like checkout").max(300),
    environment: environmentName.optional(),
    priority: z.coerce.number().int().min(0).max(10_000).default(100),
  })
  .strict();

export const serviceLabelsInput = z
  .object({ serviceLabels: z.array(labelName).min(1, "name at least one label").max(20) })
  .strict();

const toView = (row: typeof incidentServiceMappings.$inferSelect): MappingView => ({
  id: row.id,
  labelName: row.labelName,
  match: row.match,
  pattern: row.pattern,
  service: row.serviceRef,
  environment: row.environment,
  priority: row.priority,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

/** The rules in the order they are tried, and the label names read when none matches. */
export async function listMappings(db: DbOrTx, actor: Actor): Promise<MappingList> {
  assertCan(actor, "incidents:manage");
  return { items: (await loadRules(db)).map(toView), serviceLabels: await serviceLabelNames(db) };
}

/** The catalog ref a rule names; a malformed or unknown service is a 422 that says what to do. */
async function existingService(db: DbOrTx, input: string): Promise<string> {
  const parsed = parseEntityRef(input, { defaultKind: "component", defaultNamespace: "default" });
  const unknown = (message: string) =>
    new AppError("unprocessable:incidents", message, [{ field: "service", message }]);
  if (!parsed.ok) throw unknown(`service: ${parsed.message}`);
  const ref = stringifyEntityRef(parsed.ref);
  const [row] = await queryRows<{ ref: string }>(db, sql`select ref from entities where ref = ${ref}`);
  if (!row)
    throw unknown(
      `service: ${ref} is not in the catalog; name a catalog service (like checkout or component:default/checkout).`,
    );
  return row.ref;
}

export async function createMapping(
  db: Db,
  actor: Actor,
  input: z.output<typeof mappingInput>,
  deps: { ip?: string | null; now?: Date } = {},
): Promise<CreatedMapping> {
  assertCan(actor, "incidents:manage");
  const test = compilePattern(input.match, input.pattern);
  if (typeof test === "string")
    throw new AppError("unprocessable:incidents", `pattern is not a valid regular expression: ${test}`, [
      { field: "pattern", message: test },
    ]);
  const serviceRef = await existingService(db, input.service);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(incidentServiceMappings)
      .values({
        labelName: input.labelName,
        match: input.match,
        pattern: input.pattern,
        serviceRef,
        environment: input.environment ?? null,
        priority: input.priority,
        createdBy: actorLabel(actor),
      })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError(
        "conflict:incidents",
        `There is already a rule for ${input.labelName} ${input.match} ${JSON.stringify(input.pattern)}; remove it first.`,
      );
    const reattached = await reattach(tx, actor, row, deps.now ?? new Date());
    await recordAudit(tx, actor, {
      action: "incident-mapping.create",
      target: `incident-mapping:${row.id}`,
      details: { labelName: row.labelName, match: row.match, pattern: row.pattern, service: serviceRef, reattached },
      ip: deps.ip,
    });
    return { mapping: toView(row), reattached: reattached.length };
  });
}

/**
 * What rules match an incident on. PagerDuty incidents have none: their service comes from the
 * component's pagerduty.com/service-id annotation, on every delivery. Incidents recorded before labels
 * were kept: their service label, under either default name.
 */
function labelsOf(row: IncidentRow): Record<string, string> {
  if (row.source === "pagerduty") return {};
  return (
    row.details.labels ?? (row.serviceLabel ? { portolan_service: row.serviceLabel, service: row.serviceLabel } : {})
  );
}

/** The unmatched incidents the new rule matches move to its service (and environment); the ids moved. */
async function reattach(tx: DbOrTx, actor: Actor, rule: MappingRule, now: Date): Promise<number[]> {
  const mapper = makeMapper([rule], []);
  const unmatched = await tx.select().from(incidents).where(isNull(incidents.serviceRef)).limit(10_000);
  const moved: number[] = [];
  for (const row of unmatched) {
    if (!mapper.ruleFor(labelsOf(row))) continue;
    const environment = rule.environment ?? row.environment;
    const deploymentId = await deploymentLiveAt(tx, {
      serviceRef: rule.serviceRef,
      environment,
      startedAt: row.startedAt,
    });
    await tx
      .update(incidents)
      .set({ serviceRef: rule.serviceRef, environment, deploymentId, updatedAt: now })
      .where(eq(incidents.id, row.id));
    await tx.insert(incidentEvents).values({
      incidentId: row.id,
      at: now,
      kind: "updated",
      message:
        `Mapped to ${rule.serviceRef} by the rule ${rule.labelName} ${rule.match} ${JSON.stringify(rule.pattern)}`.slice(
          0,
          2000,
        ),
      actor: actorLabel(actor),
    });
    moved.push(row.id);
  }
  return moved;
}

export async function deleteMapping(db: Db, actor: Actor, id: string, deps: { ip?: string | null } = {}) {
  assertCan(actor, "incidents:manage");
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(incidentServiceMappings).where(eq(incidentServiceMappings.id, id)).returning();
    if (!row) throw new AppError("not_found:incidents", `There is no service mapping rule ${id}.`);
    await recordAudit(tx, actor, {
      action: "incident-mapping.delete",
      target: `incident-mapping:${id}`,
      details: { labelName: row.labelName, match: row.match, pattern: row.pattern, service: row.serviceRef },
      ip: deps.ip,
    });
  });
}

/** Which labels name a service when no rule matches, in order. Applies to alerts received from now on. */
export async function setServiceLabels(
  db: Db,
  actor: Actor,
  input: z.output<typeof serviceLabelsInput>,
  deps: { ip?: string | null } = {},
): Promise<{ serviceLabels: string[] }> {
  assertCan(actor, "incidents:manage");
  const serviceLabels = [...new Set(input.serviceLabels)];
  await db.transaction(async (tx) => {
    const values = { serviceLabels, updatedBy: actorLabel(actor), updatedAt: new Date() };
    await tx
      .insert(incidentMappingSettings)
      .values({ id: "default", ...values })
      .onConflictDoUpdate({ target: incidentMappingSettings.id, set: values });
    await recordAudit(tx, actor, {
      action: "incident-mapping.labels",
      target: "incident-mapping:labels",
      details: { serviceLabels },
      ip: deps.ip,
    });
  });
  return { serviceLabels };
}

/** The latest incidents no service matched, with the labels a rule could match (Admin → Incidents). */
async function listUnmatched(db: DbOrTx, actor: Actor, limit = 100): Promise<UnmatchedIncident[]> {
  assertCan(actor, "incidents:manage");
  const rows = await db
    .select()
    .from(incidents)
    .where(isNull(incidents.serviceRef))
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .limit(limit);
  return rows.map((row) => ({ ...toIncidentView(row), labels: labelsOf(row) }));
}

/** Everything Admin → Incidents shows: the rules, the service label names, the unmatched incidents, the services to pick from. */
export async function mappingAdminView(db: DbOrTx, actor: Actor) {
  const { items, serviceLabels } = await listMappings(db, actor);
  const services = await queryRows<{ ref: string }>(
    db,
    sql`select ref from entities where kind = 'component' order by ref limit 5000`,
  );
  return {
    rules: items,
    serviceLabels,
    unmatched: await listUnmatched(db, actor),
    services: services.map((s) => s.ref),
  };
}
