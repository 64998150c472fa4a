// Alertmanager's webhook (version 4) → incidents. One notification is one alert group; its alerts are
// split by the service and environment their labels name (the admin's mapping rules first, then the
// service label names: lib/incidents/mapping.ts), and each part is one incident keyed by the group and
// that pair — so a group of two services' alerts opens one incident on each.
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import type { IncidentDetails } from "@/db/schema";
import { actorLabel, assertCan, type Actor } from "@/lib/access/permissions";
import { latestResolved, recordIncident, type IncidentPlan, type IncidentRow, type TimelineEntry } from "./record";
import { severityFromLabel } from "./severity";
import { loadMapper, type MappingRule, type ServiceMapper } from "./mapping";
import { serviceFromLabel } from "./services";
import { INCIDENT_SEVERITIES } from "@/db/schema/incidents";
import type { AlertmanagerAlert, AlertmanagerPayload } from "./schemas";
import type { AlertmanagerResult } from "./responses";

const ENVIRONMENT_LABELS = ["environment", "env"];

type StoredAlert = NonNullable<IncidentDetails["alerts"]>[string];
type Part = {
  serviceLabel: string | null;
  /** What the `env`/`environment` label says (the key uses it; a rule may override the environment). */
  environmentLabel: string | null;
  rule: MappingRule | null;
  alerts: AlertmanagerAlert[];
  /** The labels every alert of the part carries with the same value. */
  labels: Record<string, string>;
};

const firstLabel = (labels: Record<string, string>, names: string[]) =>
  names.map((n) => labels[n]?.trim()).find((v) => v) ?? null;

/** Go's zero time means "still firing, no end yet". */
const endOf = (alert: AlertmanagerAlert) => (alert.endsAt.startsWith("0001-01-01") ? null : alert.endsAt);

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

const shared = (a: Record<string, string>, b: Record<string, string>) =>
  Object.fromEntries(Object.entries(a).filter(([k, v]) => b[k] === v));

/** The group's alerts split by (service label, environment label, the mapping rule that matched). */
function splitGroup(payload: AlertmanagerPayload, mapper: ServiceMapper): Part[] {
  const parts = new Map<string, Part>();
  for (const alert of payload.alerts) {
    const labels = { ...payload.commonLabels, ...alert.labels };
    const serviceLabel = firstLabel(labels, mapper.serviceLabels);
    const environmentLabel = firstLabel(labels, ENVIRONMENT_LABELS)?.slice(0, 63) ?? null;
    const rule = mapper.ruleFor(labels);
    const id = JSON.stringify(idOf({ serviceLabel, environmentLabel, rule }));
    const part = parts.get(id);
    if (part) {
      part.alerts.push(alert);
      part.labels = shared(part.labels, labels);
    } else parts.set(id, { serviceLabel, environmentLabel, rule, alerts: [alert], labels });
  }
  return [...parts.values()];
}

/**
 * What makes a part: unmapped alerts by their service and environment labels (the key they always
 * had), mapped ones by the service and environment the rule gives them, so alerts a rule sends to one
 * service are one incident. An open incident whose key changed with the rules is still found by its
 * alerts (IncidentKey.follow).
 */
function idOf({ serviceLabel, environmentLabel, rule }: Pick<Part, "serviceLabel" | "environmentLabel" | "rule">) {
  return rule ? ["mapped", rule.serviceRef, rule.environment ?? environmentLabel] : [serviceLabel, environmentLabel];
}

const keyOf = (payload: AlertmanagerPayload, part: Part) =>
  part.rule
    ? hash([payload.groupKey, ...idOf(part)])
    : hash([payload.groupKey, part.serviceLabel, part.environmentLabel]);

/** Records one notification: every part of the group becomes (or updates) its incident. */
export async function receiveAlertmanager(
  db: Db,
  actor: Actor,
  payload: AlertmanagerPayload,
  deps: { ip?: string | null; now?: Date } = {},
): Promise<AlertmanagerResult> {
  assertCan(actor, "incidents:write");
  const now = deps.now ?? new Date();
  const mapper = await loadMapper(db);
  const group = hash(payload.groupKey);
  const out: AlertmanagerResult["incidents"] = [];
  for (const part of splitGroup(payload, mapper)) {
    const serviceRef = part.rule?.serviceRef ?? (await serviceFromLabel(db, part.serviceLabel));
    // Hashed: a group key and label values can be longer than an index entry may be.
    const externalKey = keyOf(payload, part);
    const groupResolved = payload.status === "resolved";
    const prior =
      groupResolved || part.alerts.every((a) => a.status === "resolved")
        ? await latestResolved(db, "alertmanager", externalKey)
        : null;
    const result = await recordIncident(
      db,
      actor,
      {
        source: "alertmanager",
        externalKey,
        scope: "open",
        follow: { group, fingerprints: part.alerts.map((a) => a.fingerprint), serviceRef },
      },
      (existing) => planPart(existing, prior, { payload, part, serviceRef, group, now, actor }),
      deps,
    );
    if (result.incident)
      out.push({
        id: result.incident.id,
        service: result.incident.serviceRef,
        serviceLabel: result.incident.serviceLabel,
        environment: result.incident.environment,
        status: result.incident.status,
      });
  }
  return { incidents: out };
}

type PartContext = {
  payload: AlertmanagerPayload;
  part: Part;
  serviceRef: string | null;
  group: string;
  now: Date;
  actor: Actor;
};

/**
 * The part's alerts merged into what the incident already knows (Alertmanager may leave resolved
 * alerts out of later notifications, or truncate the list). Resolved when every alert is.
 */
function planPart(existing: IncidentRow | null, prior: IncidentRow | null, ctx: PartContext): IncidentPlan | null {
  const { payload, part, serviceRef, group, now } = ctx;
  const incoming = Object.fromEntries(
    part.alerts.map((a): [string, StoredAlert] => [
      a.fingerprint,
      {
        name: a.labels.alertname ?? payload.commonLabels.alertname ?? "alert",
        status: payload.status === "resolved" ? "resolved" : a.status,
        startsAt: a.startsAt,
        endsAt: endOf(a),
      },
    ]),
  );
  if (!existing && Object.values(incoming).every((a) => a.status === "resolved")) {
    // Already closed with these alerts: a repeated notification. Otherwise a resolution whose firing we
    // never saw is still recorded (as a resolved incident), never dropped.
    if (prior && Object.keys(incoming).every((f) => prior.details.alerts?.[f])) return null;
  }
  const before = existing?.details.alerts ?? {};
  const alerts = { ...before, ...incoming };
  if (payload.status === "resolved") {
    // The whole group is resolved, including alerts this notification left out.
    for (const [fingerprint, alert] of Object.entries(alerts))
      if (alert.status === "firing") alerts[fingerprint] = { ...alert, status: "resolved", endsAt: now.toISOString() };
  }
  const list = Object.values(alerts);
  const resolved = list.every((a) => a.status === "resolved");
  const actorName = actorLabel(ctx.actor);
  const events: TimelineEntry[] = [];
  for (const [fingerprint, alert] of Object.entries(incoming)) {
    const was = before[fingerprint]?.status;
    if (was === alert.status) continue;
    const at = alert.status === "resolved" && alert.endsAt ? new Date(alert.endsAt) : new Date(alert.startsAt);
    events.push({
      kind: alert.status === "firing" ? "alert_firing" : "alert_resolved",
      message: `${alert.name} ${alert.status}`,
      at,
      actor: actorName,
    });
  }
  const startedAt = new Date(Math.min(...list.map((a) => Date.parse(a.startsAt))));
  const resolvedAt = resolved ? new Date(Math.max(...list.map((a) => Date.parse(a.endsAt ?? a.startsAt)))) : null;
  if (!existing)
    events.unshift({ kind: "triggered", message: `Alertmanager: ${titleOf(ctx)}`, at: startedAt, actor: actorName });
  if (resolved && existing?.status !== "resolved")
    events.push({
      kind: "resolved",
      message: "Every alert of the group resolved",
      at: resolvedAt ?? now,
      actor: actorName,
    });
  // A repeat notification (repeat_interval) with nothing new: no write.
  if (existing && events.length === 0) return null;
  const firing = part.alerts.filter((a) => a.status === "firing");
  return {
    occurredAt: now,
    events,
    state: {
      serviceRef,
      serviceLabel: part.serviceLabel ?? (part.rule ? (part.labels[part.rule.labelName] ?? null) : null),
      environment: part.rule?.environment ?? part.environmentLabel,
      severity: worstSeverity(firing.length ? firing : part.alerts, payload.commonLabels),
      status: resolved ? "resolved" : existing?.status === "acknowledged" ? "acknowledged" : "triggered",
      title: existing?.title ?? titleOf(ctx),
      url: existing?.url ?? (part.alerts.find((a) => a.generatorURL)?.generatorURL?.slice(0, 2000) || null),
      startedAt: existing ? new Date(Math.min(existing.startedAt.getTime(), startedAt.getTime())) : startedAt,
      acknowledgedAt: existing?.acknowledgedAt ?? null,
      resolvedAt,
      details: { ...existing?.details, alerts, group, labels: part.labels },
    },
  };
}

function titleOf({ payload, part }: PartContext): string {
  const first = part.alerts[0];
  const name = first?.labels.alertname ?? payload.commonLabels.alertname ?? "Alert";
  const summary = first?.annotations.summary ?? payload.commonAnnotations.summary;
  const more = part.alerts.length > 1 ? ` (+${part.alerts.length - 1} more)` : "";
  return `${name}${summary ? `: ${summary}` : ""}${more}`.slice(0, 500);
}

function worstSeverity(alerts: AlertmanagerAlert[], common: Record<string, string>) {
  const ranks = alerts.map((a) => INCIDENT_SEVERITIES.indexOf(severityFromLabel(a.labels.severity ?? common.severity)));
  return INCIDENT_SEVERITIES[Math.min(...ranks)];
}
