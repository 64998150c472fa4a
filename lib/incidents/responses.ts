// What the incident routes answer, as zod schemas: the OpenAPI document is generated from them and
// the handlers reply through them (lib/api/contract.ts). The lib's types are these schemas' outputs,
// so what the code returns and what the document promises cannot drift apart. Dates are ISO strings.
import { z } from "zod";
import { INCIDENT_SEVERITIES, INCIDENT_SOURCES, INCIDENT_STATUSES, MAPPING_MATCHES } from "@/db/schema";

const timestamp = z.iso.datetime({ offset: true });

export const incidentView = z
  .object({
    id: z.number().int(),
    service: z
      .string()
      .nullable()
      .meta({ description: "The catalog service; null when none matched (admins see those)." }),
    serviceLabel: z
      .string()
      .nullable()
      .meta({ description: "What the sender named, kept for incidents the catalog could not place." }),
    environment: z.string().nullable(),
    severity: z.enum(INCIDENT_SEVERITIES),
    status: z.enum(INCIDENT_STATUSES),
    title: z.string(),
    url: z.string().nullable(),
    startedAt: timestamp,
    acknowledgedAt: timestamp.nullable(),
    resolvedAt: timestamp.nullable(),
    source: z.enum(INCIDENT_SOURCES),
    deploymentId: z.number().int().nullable().meta({ description: "The deployment live when it began." }),
  })
  .meta({ id: "Incident" });
export type IncidentView = z.output<typeof incidentView>;

export const incidentPage = z.object({
  items: z.array(incidentView),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
});
export type IncidentPage = z.output<typeof incidentPage>;

export const alertmanagerResult = z.object({
  incidents: z
    .array(
      z.object({
        id: z.number().int(),
        service: z.string().nullable(),
        serviceLabel: z.string().nullable(),
        environment: z.string().nullable(),
        status: z.enum(INCIDENT_STATUSES),
      }),
    )
    .meta({ description: "The incidents the notification opened or changed; a repeat changes none." }),
});
export type AlertmanagerResult = z.output<typeof alertmanagerResult>;

export const pagerdutyReceipt = z.object({
  ok: z.literal(true),
  incident: z.number().int().optional().meta({ description: "The incident the event recorded or changed." }),
  ignored: z
    .string()
    .optional()
    .meta({ description: "Why the event changed nothing (its type, or a note on an unknown incident)." }),
});

export const mappingView = z
  .object({
    id: z.uuid(),
    labelName: z.string(),
    match: z
      .enum(MAPPING_MATCHES)
      .meta({ description: "exact value, a glob (* and ?) or a regular expression (whole value)." }),
    pattern: z.string(),
    service: z.string().meta({ description: "The catalog service the matching alerts and incidents go to." }),
    environment: z
      .string()
      .nullable()
      .meta({ description: "Overrides the environment the labels name; null keeps it." }),
    priority: z.number().int().meta({ description: "Lower is tried first; ties: exact, glob, regex, then oldest." }),
    createdBy: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "IncidentServiceMapping" });
export type MappingView = z.output<typeof mappingView>;

export const mappingList = z.object({
  items: z.array(mappingView).meta({ description: "The rules in the order they are tried." }),
  serviceLabels: z
    .array(z.string())
    .meta({ description: "The label names read, in order, as a service's name when no rule matches." }),
});
export type MappingList = z.output<typeof mappingList>;

export const createdMapping = z.object({
  mapping: mappingView,
  reattached: z.number().int().meta({ description: "Unmatched incidents the rule moved to its service." }),
});
export type CreatedMapping = z.output<typeof createdMapping>;

export const serviceLabelsView = z.object({ serviceLabels: z.array(z.string()) });

export type UnmatchedIncident = IncidentView & { labels: Record<string, string> };
