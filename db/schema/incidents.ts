import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { deployments } from "./delivery";

export const INCIDENT_STATUSES = ["triggered", "acknowledged", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Most to least urgent; every sender's vocabulary is mapped onto these (lib/incidents/severity.ts). */
export const INCIDENT_SEVERITIES = ["critical", "high", "warning", "low", "info"] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_SOURCES = ["alertmanager", "pagerduty", "api"] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** What the sender's own records say, kept so a later delivery can be merged (alert fingerprints, PagerDuty ids). */
export type IncidentDetails = {
  /** Alertmanager: each alert of the group by fingerprint. */
  alerts?: Record<string, { name: string; status: "firing" | "resolved"; startsAt: string; endsAt: string | null }>;
  /** PagerDuty: the service and escalation policy the incident belongs to. */
  pagerduty?: { serviceId: string; escalationPolicyId: string | null; number: number | null };
  /** Alertmanager: a hash of the group key, so an incident follows its alerts when mapping rules change. */
  group?: string;
  /** The labels the sender gave (Alertmanager: those every alert of the incident shares): mapping rules are matched on them. */
  labels?: Record<string, string>;
};

/**
 * An incident on a service, whoever reported it. `serviceRef` is null when the sender named a
 * service the catalog does not know: the row is kept (never dropped) with what was named in
 * `serviceLabel`, and only admins see it until the catalog or the sender is fixed.
 */
export const incidents = pgTable(
  "incidents",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    source: text("source").$type<IncidentSource>().notNull(),
    /** The sender's identity for it: Alertmanager group key + service + environment, PagerDuty's incident id, the caller's id. */
    externalKey: text("external_key").notNull(),
    serviceRef: text("service_ref"),
    serviceLabel: text("service_label"),
    environment: text("environment"),
    severity: text("severity").$type<IncidentSeverity>().notNull(),
    status: text("status").$type<IncidentStatus>().notNull(),
    title: text("title").notNull(),
    url: text("url"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /** The deployment live in the environment when the incident began: the likely cause when recent. */
    deploymentId: bigint("deployment_id", { mode: "number" }).references(() => deployments.id, {
      onDelete: "set null",
    }),
    /** When the sender last changed it; an older delivery arriving late adds to the timeline only. */
    lastEventAt: timestamp("last_event_at", { withTimezone: true }).notNull(),
    details: jsonb("details").$type<IncidentDetails>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One open incident per sender key (a resolved Alertmanager group that fires again is a new incident).
    uniqueIndex("incidents_open_key_idx")
      .on(t.source, t.externalKey)
      .where(sql`status <> 'resolved'`),
    index("incidents_key_idx").on(t.source, t.externalKey, t.startedAt.desc()),
    index("incidents_service_started_idx").on(t.serviceRef, t.startedAt.desc(), t.id.desc()),
    index("incidents_started_idx").on(t.startedAt.desc(), t.id.desc()),
    index("incidents_open_idx")
      .on(t.serviceRef, t.environment)
      .where(sql`status <> 'resolved'`),
  ],
);

export const INCIDENT_EVENT_KINDS = [
  "triggered",
  "acknowledged",
  "unacknowledged",
  "resolved",
  "reopened",
  "alert_firing",
  "alert_resolved",
  "note",
  "updated",
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/** The incident's timeline: what happened, when, said by whom. */
export const incidentEvents = pgTable(
  "incident_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: bigint("incident_id", { mode: "number" })
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    kind: text("kind").$type<IncidentEventKind>().notNull(),
    message: text("message").notNull(),
    actor: text("actor"),
    /** The sender's id of the event (PagerDuty's event id): a redelivery is recognised and not added twice. */
    sourceEventId: text("source_event_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("incident_events_incident_idx").on(t.incidentId, t.at, t.id),
    uniqueIndex("incident_events_source_event_idx").on(t.incidentId, t.sourceEventId),
  ],
);

export const MAPPING_MATCHES = ["exact", "glob", "regex"] as const;
export type MappingMatch = (typeof MAPPING_MATCHES)[number];

/**
 * Rules an admin sets to tie alerts to services: a label whose value matches (exactly, by a glob or
 * a regular expression) names a catalog service, and optionally the environment. Tried before the
 * default service labels (lib/incidents/mapping.ts says in which order).
 */
export const incidentServiceMappings = pgTable(
  "incident_service_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    labelName: text("label_name").notNull(),
    match: text("match").$type<MappingMatch>().notNull(),
    pattern: text("pattern").notNull(),
    serviceRef: text("service_ref").notNull(),
    /** Overrides the environment the alert's labels name; null keeps it. */
    environment: text("environment"),
    /** Lower first; ties: exact, then glob, then regex, then oldest. */
    priority: integer("priority").notNull().default(100),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("incident_service_mappings_rule_idx").on(t.labelName, t.match, t.pattern)],
);

/** One row (id "default"): the label names read, in order, as a service's name when no rule matched. */
export const incidentMappingSettings = pgTable("incident_mapping_settings", {
  id: text("id").primaryKey(),
  serviceLabels: jsonb("service_labels").$type<string[]>().notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
