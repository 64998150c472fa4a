import { defineRoute } from "@/lib/api/contract";
import { idParams } from "@/lib/api/params";
import { BODY_LIMITS } from "@/lib/http/read-body";
import { doraQuery } from "@/lib/dora/report";
import { doraReportView } from "@/lib/dora/responses";
import {
  alertmanagerResult,
  createdMapping,
  incidentPage,
  incidentView,
  mappingList,
  pagerdutyReceipt,
  serviceLabelsView,
} from "@/lib/incidents/responses";
import { mappingInput, serviceLabelsInput } from "@/lib/incidents/service-mappings";
import { alertmanagerPayload, incidentInput, incidentsQuery } from "@/lib/incidents/schemas";

export const incidentRoutes = {
  alertmanagerWebhook: defineRoute({
    method: "POST",
    path: "/api/v1/integrations/alertmanager",
    summary:
      "Alertmanager's webhook (version 4): each group's alerts open, update and resolve incidents on the services the admin's mapping rules give them, else their `portolan_service`/`service` labels (the label names are an admin setting), in the environment `env`/`environment` names (or the rule's). Authenticate with a token (incidents:write) as bearer, or as the password of basic auth.",
    auth: { permission: "incidents:write" },
    body: { kind: "json", schema: alertmanagerPayload, limit: BODY_LIMITS.webhook },
    responses: { 200: { description: "Recorded.", schema: alertmanagerResult } },
  }),
  pagerdutyWebhook: defineRoute({
    method: "POST",
    path: "/api/v1/integrations/pagerduty",
    summary:
      "PagerDuty v3 webhooks: incidents triggered, acknowledged, resolved, reopened and annotated, on the component whose `pagerduty.com/service-id` annotation names the PagerDuty service.",
    auth: { public: "the X-PagerDuty-Signature (v1=<hex HMAC-SHA256 of the body>) with PAGERDUTY_WEBHOOK_SECRET" },
    body: { kind: "text", limit: BODY_LIMITS.webhook },
    responses: { 200: { description: "Received: what the event did.", schema: pagerdutyReceipt } },
    errors: [401],
  }),
  reportIncident: defineRoute({
    method: "POST",
    path: "/api/v1/incidents",
    summary:
      "Any tool reports or updates an incident (idempotent by the caller's id). `service` and `labels` go through the admin's mapping rules first, then `service` is looked up in the catalog.",
    auth: { permission: "incidents:write" },
    body: { kind: "json", schema: incidentInput },
    responses: {
      201: { description: "Opened.", schema: incidentView },
      200: {
        description: "Already reported with this id: the incident as it stands after the update.",
        schema: incidentView,
      },
    },
  }),
  listIncidents: defineRoute({
    method: "GET",
    path: "/api/v1/incidents",
    summary:
      "Incidents newest first, by service, team, environment and open/resolved. Admins also see (or, with unmatched=true, see only) incidents no catalog service matched.",
    auth: { permission: "catalog:read" },
    query: incidentsQuery,
    responses: { 200: { description: "A page of incidents.", schema: incidentPage } },
  }),
  listIncidentMappings: defineRoute({
    method: "GET",
    path: "/api/v1/incidents/mappings",
    summary:
      "The admin's rules tying alert labels to services, in the order they are tried, and the service label names.",
    auth: { permission: "incidents:manage" },
    responses: { 200: { description: "The rules and the label names.", schema: mappingList } },
  }),
  createIncidentMapping: defineRoute({
    method: "POST",
    path: "/api/v1/incidents/mappings",
    summary:
      "Add a rule: a label whose value matches (exact, glob or regex) names a catalog service and optionally the environment. Unmatched incidents it matches are re-attached.",
    auth: { permission: "incidents:manage" },
    body: { kind: "json", schema: mappingInput },
    responses: {
      201: { description: "Added; `Location` is the rule. How many incidents it re-attached.", schema: createdMapping },
    },
    errors: [409, 422],
  }),
  deleteIncidentMapping: defineRoute({
    method: "DELETE",
    path: "/api/v1/incidents/mappings/{id}",
    summary: "Remove a rule (incidents it placed stay where they are).",
    auth: { permission: "incidents:manage" },
    params: idParams("service mapping rule"),
    responses: { 204: { description: "Removed." } },
    errors: [404],
  }),
  setIncidentServiceLabels: defineRoute({
    method: "PUT",
    path: "/api/v1/incidents/mappings/labels",
    summary:
      "Set the label names read, in order, as a service's name when no rule matches (default portolan_service, service).",
    auth: { permission: "incidents:manage" },
    body: { kind: "json", schema: serviceLabelsInput },
    responses: { 200: { description: "The label names now.", schema: serviceLabelsView } },
  }),
  dora: defineRoute({
    method: "GET",
    path: "/api/v1/dora",
    summary:
      "A service's or a team's DORA figures over the last `days`, each with its source (deployments, incidents or both).",
    auth: { permission: "catalog:read" },
    query: doraQuery,
    responses: { 200: { description: "The figures, for the service or the team asked.", schema: doraReportView } },
  }),
};
