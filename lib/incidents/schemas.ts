// What senders deliver, typed after their documented shapes: Alertmanager's webhook (version 4,
// prometheus.io/docs/alerting/latest/configuration/#webhook_config) and PagerDuty's v3 webhooks
// (developer.pagerduty.com, "Webhooks v3 overview"). Fields we do not read are let through, since
// both senders add fields over time; fields we read are checked.
import { z } from "zod";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from "@/db/schema/incidents";

const isoDate = z.iso.datetime({ offset: true, message: "an ISO 8601 date-time, e.g. 2026-05-01T10:42:00Z" });
const httpUrl = z.url({ protocol: /^https?$/, message: "an http(s) URL" }).max(2000);
const labels = z.record(z.string().max(300), z.string().max(4000));
export const environmentName = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "letters, digits, '.', '_' or '-'");

/** Alertmanager's webhook payload, version 4: one notification of one alert group. */
export const alertmanagerPayload = z.object({
  version: z.literal("4", { message: 'version "4" (Alertmanager\'s webhook format)' }),
  groupKey: z.string().min(1).max(4000),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().max(300),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string().max(2000),
  alerts: z
    .array(
      z.object({
        status: z.enum(["firing", "resolved"]),
        labels,
        annotations: labels,
        startsAt: isoDate,
        /** "0001-01-01T00:00:00Z" (Go's zero time) while the alert fires. */
        endsAt: isoDate,
        generatorURL: z.string().max(4000).optional(),
        fingerprint: z.string().min(1).max(200),
      }),
    )
    .max(1000),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;
export type AlertmanagerAlert = AlertmanagerPayload["alerts"][number];

const reference = z.object({ id: z.string().min(1).max(100), summary: z.string().max(1000).optional() });

/** PagerDuty's v3 webhook incident (`event.data` when `resource_type` is incident). */
const pagerdutyIncident = z.object({
  id: z.string().min(1).max(100),
  type: z.literal("incident"),
  html_url: z.string().max(2000).optional(),
  number: z.number().int().optional(),
  status: z.enum(["triggered", "acknowledged", "resolved"]),
  created_at: isoDate,
  title: z.string().max(2000),
  service: reference,
  escalation_policy: reference.nullish(),
  priority: reference.nullish(),
  urgency: z.enum(["high", "low"]).nullish(),
});

/** PagerDuty's v3 webhook: one event. Incident events carry the incident; notes and others carry their own data. */
export const pagerdutyPayload = z.object({
  event: z.object({
    id: z.string().min(1).max(200),
    event_type: z.string().min(1).max(100),
    resource_type: z.string().max(100),
    occurred_at: isoDate,
    agent: reference.extend({ type: z.string().optional() }).nullish(),
    data: z.record(z.string(), z.unknown()),
  }),
});
export type PagerdutyPayload = z.infer<typeof pagerdutyPayload>;

export const pagerdutyIncidentData = pagerdutyIncident;
export type PagerdutyIncident = z.infer<typeof pagerdutyIncident>;

/** `incident.annotated` carries a note that points at its incident. */
export const pagerdutyNoteData = z.object({
  type: z.literal("incident_note"),
  incident: reference,
  content: z.string().max(20_000),
});

/** POST /api/v1/incidents: any tool reports an incident. `id` is the caller's and makes the call idempotent. */
export const incidentInput = z
  .object({
    id: z.string().trim().min(1).max(200),
    service: z.string().trim().min(1).max(300),
    environment: environmentName.optional(),
    title: z.string().trim().min(1).max(500),
    severity: z.enum(INCIDENT_SEVERITIES).default("high"),
    status: z.enum(INCIDENT_STATUSES).default("triggered"),
    url: httpUrl.optional(),
    startedAt: isoDate.optional(),
    resolvedAt: isoDate.optional(),
    message: z.string().trim().max(2000).optional(),
    /** The sender's labels or attributes: the admin's mapping rules are matched on them (and on `service`). */
    labels: labels
      .refine((l) => Object.keys(l).length <= 100, "at most 100 labels")
      .optional()
      .meta({ description: "Labels or attributes; the admin's service mapping rules match on them and on `service`." }),
  })
  .strict()
  .refine((d) => !d.resolvedAt || d.status === "resolved", {
    message: "resolvedAt needs status resolved",
    path: ["resolvedAt"],
  })
  .refine((d) => !d.startedAt || !d.resolvedAt || Date.parse(d.resolvedAt) >= Date.parse(d.startedAt), {
    message: "resolvedAt is before startedAt",
    path: ["resolvedAt"],
  });
export type IncidentInput = z.infer<typeof incidentInput>;

export const incidentsQuery = z.object({
  service: z.string().min(1).max(300).optional(),
  environment: z.string().min(1).max(63).optional(),
  team: z.string().min(1).max(300).optional(),
  status: z.enum(["open", "resolved"]).optional(),
  /** Admins: only the incidents whose service the catalog does not know. */
  unmatched: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type IncidentsQuery = z.infer<typeof incidentsQuery>;
