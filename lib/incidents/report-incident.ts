// POST /api/v1/incidents: any tool reports an incident, idempotently by its own id. Its `service` and
// `labels` go through the admin's mapping rules first (lib/incidents/mapping.ts), then `service` is
// looked up in the catalog. A service the catalog does not know is kept unmatched (admins see it),
// like the other senders'.
import type { Db } from "@/db/client";
import { actorLabel, assertCan, type Actor } from "@/lib/access/permissions";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import { recordIncident, type IncidentPlan, type IncidentRow, type TimelineEntry } from "./record";
import type { IncidentInput } from "./schemas";
import { loadMapper } from "./mapping";
import { serviceFromLabel } from "./services";

export async function reportIncident(
  db: Db,
  actor: Actor,
  input: IncidentInput,
  deps: { ip?: string | null; now?: Date } = {},
) {
  assertCan(actor, "incidents:write");
  normaliseServiceRef(input.service); // a malformed name is the caller's mistake: 400 naming the field
  const labels = { ...input.labels, service: input.service };
  const rule = (await loadMapper(db)).ruleFor(labels);
  const serviceRef = rule?.serviceRef ?? (await serviceFromLabel(db, input.service));
  const environment = rule?.environment ?? input.environment;
  const now = deps.now ?? new Date();
  const result = await recordIncident(
    db,
    actor,
    { source: "api", externalKey: `${actorLabel(actor)}:${input.id}`, scope: "latest" },
    (existing) => plan(existing, { ...input, environment, labels }, { serviceRef, now, actor: actorLabel(actor) }),
    deps,
  );
  // plan() always carries a state, so recordIncident always answers with the row it wrote or kept.
  if (!result.incident) throw new Error("recordIncident kept no incident for a report with a state");
  return { ...result, incident: result.incident };
}

function plan(
  existing: IncidentRow | null,
  input: IncidentInput,
  ctx: { serviceRef: string | null; now: Date; actor: string },
): IncidentPlan | null {
  const startedAt = input.startedAt ? new Date(input.startedAt) : (existing?.startedAt ?? ctx.now);
  const events: TimelineEntry[] = [];
  if (!existing || existing.status !== input.status) {
    const kind = !existing ? "triggered" : existing.status === "resolved" ? "reopened" : input.status;
    events.push({
      kind: !existing && input.status === "resolved" ? "resolved" : kind,
      message: input.message ?? (existing ? `${input.status}` : input.title),
      at: !existing ? startedAt : ctx.now,
      actor: ctx.actor,
    });
  } else if (input.message) {
    events.push({ kind: "note", message: input.message, at: ctx.now, actor: ctx.actor });
  }
  return {
    occurredAt: ctx.now,
    events,
    state: {
      serviceRef: ctx.serviceRef,
      serviceLabel: input.service,
      environment: input.environment ?? existing?.environment ?? null,
      severity: input.severity,
      status: input.status,
      title: input.title,
      url: input.url ?? existing?.url ?? null,
      startedAt,
      acknowledgedAt:
        input.status === "triggered"
          ? null
          : (existing?.acknowledgedAt ?? (input.status === "acknowledged" ? ctx.now : null)),
      resolvedAt:
        input.status === "resolved"
          ? input.resolvedAt
            ? new Date(input.resolvedAt)
            : (existing?.resolvedAt ?? ctx.now)
          : null,
      details: { ...existing?.details, labels: input.labels },
    },
  };
}
