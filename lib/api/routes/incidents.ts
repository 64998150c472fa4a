import { defineRoute } from "@/lib/api/contract";
import { BODY_LIMITS } from "@/lib/http/read-body";
import { doraQuery } from "@/lib/dora/report";
import { doraReportView } from "@/lib/dora/responses";
import { alertmanagerResult, incidentPage, incidentView, pagerdutyReceipt } from "@/lib/incidents/responses";
import { alertmanagerPayload, incidentInput, incidentsQuery } from "@/lib/incidents/schemas";

export const incidentRoutes = {
  alertmanagerWebhook: defineRoute({
    method: "POST",
    path: "/api/v1/integrations/alertmanager",
    summary:
      "Alertmanager's webhook (version 4): each group's alerts open, update and resolve incidents on the services their `service`/`portolan_service` labels name, in the environment `env`/`environment` names. Authenticate with a token (incidents:write) as bearer, or as the password of basic auth.",
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
    summary: "Any tool reports or updates an incident (idempotent by the caller's id).",
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
