// Incident paths of the OpenAPI document (Alertmanager, PagerDuty, the generic incidents API), spread into openapi.ts.
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from "@/db/schema/incidents";
import { errors } from "./openapi-errors";

const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: "string" };
const nullableStr = { type: ["string", "null"] };
const time = { type: "string", format: "date-time" };
const nullableTime = { type: ["string", "null"], format: "date-time" };
const nullableNumber = { type: ["number", "null"] };
const figure = (properties: Record<string, unknown>) => ({
  type: "object",
  required: ["source", "definition"],
  properties: {
    ...properties,
    source: { type: "string", enum: ["deployments", "incidents", "deployments and incidents"] },
    definition: str,
  },
});
const labels = { type: "object", additionalProperties: { type: "string" } };

export const incidentSchemas = {
  Incident: {
    type: "object",
    required: [
      "id",
      "service",
      "environment",
      "severity",
      "status",
      "startedAt",
      "resolvedAt",
      "source",
      "deploymentId",
    ],
    properties: {
      id: { type: "integer" },
      service: {
        ...nullableStr,
        description: "The catalog service; null when the sender named one the catalog does not know (admins only).",
      },
      serviceLabel: { ...nullableStr, description: "What the sender named (a label value, `pagerduty:<service id>`)." },
      environment: nullableStr,
      severity: { type: "string", enum: [...INCIDENT_SEVERITIES] },
      status: { type: "string", enum: [...INCIDENT_STATUSES] },
      title: str,
      url: nullableStr,
      startedAt: time,
      acknowledgedAt: nullableTime,
      resolvedAt: nullableTime,
      source: { type: "string", enum: ["alertmanager", "pagerduty", "api"] },
      deploymentId: {
        type: ["integer", "null"],
        description: "The deployment live in the environment when the incident began.",
      },
    },
  },
  IncidentInput: {
    type: "object",
    required: ["id", "service", "title"],
    additionalProperties: false,
    properties: {
      id: { type: "string", maxLength: 200, description: "Yours; sending it again updates the same incident." },
      service: {
        type: "string",
        description: "An entity ref; one the catalog does not know is kept unmatched (admins see it).",
      },
      environment: { type: "string", pattern: "^[a-zA-Z0-9][a-zA-Z0-9._-]*$", maxLength: 63 },
      title: { type: "string", maxLength: 500 },
      severity: { type: "string", enum: [...INCIDENT_SEVERITIES], default: "high" },
      status: { type: "string", enum: [...INCIDENT_STATUSES], default: "triggered" },
      url: { type: "string", format: "uri" },
      startedAt: time,
      resolvedAt: time,
      message: { type: "string", maxLength: 2000, description: "Added to the incident's timeline." },
    },
  },
  AlertmanagerWebhook: {
    type: "object",
    description:
      "Alertmanager's webhook payload, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config).",
    required: [
      "version",
      "groupKey",
      "status",
      "receiver",
      "groupLabels",
      "commonLabels",
      "commonAnnotations",
      "externalURL",
      "alerts",
    ],
    properties: {
      version: { type: "string", const: "4" },
      groupKey: str,
      truncatedAlerts: { type: "integer" },
      status: { type: "string", enum: ["firing", "resolved"] },
      receiver: str,
      groupLabels: labels,
      commonLabels: labels,
      commonAnnotations: labels,
      externalURL: str,
      alerts: {
        type: "array",
        items: {
          type: "object",
          required: ["status", "labels", "annotations", "startsAt", "endsAt", "fingerprint"],
          properties: {
            status: { type: "string", enum: ["firing", "resolved"] },
            labels: {
              ...labels,
              description:
                "`service` or `portolan_service` names the service; `env` or `environment` the environment; `severity` the severity.",
            },
            annotations: labels,
            startsAt: time,
            endsAt: time,
            generatorURL: str,
            fingerprint: str,
          },
        },
      },
    },
  },
};

export const incidentPaths = {
  "/api/v1/integrations/alertmanager": {
    post: {
      summary:
        "Alertmanager's webhook receiver. Each group's alerts are split by service and environment label; each part opens, updates or resolves one incident. Authenticate with a token holding incidents:write as `Authorization: Bearer`, or as the password of basic auth (`http_config.basic_auth`).",
      requestBody: { required: true, content: { "application/json": { schema: ref("AlertmanagerWebhook") } } },
      responses: {
        "200": json(
          {
            type: "object",
            properties: {
              incidents: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    id: { type: "integer" },
                    service: nullableStr,
                    serviceLabel: nullableStr,
                    environment: nullableStr,
                    status: str,
                  },
                },
              },
            },
          },
          "The incidents the notification touched.",
        ),
        ...errors(400, 401, 403),
      },
    },
  },
  "/api/v1/integrations/pagerduty": {
    post: {
      summary:
        "PagerDuty v3 webhook subscription endpoint: incident.triggered, acknowledged, unacknowledged, resolved, reopened and annotated events update the incident on the component whose `pagerduty.com/service-id` annotation names its PagerDuty service. Signed: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the body>` with PAGERDUTY_WEBHOOK_SECRET (several comma-separated while rotating).",
      security: [],
      parameters: [{ name: "X-PagerDuty-Signature", in: "header", required: true, schema: str }],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: { type: "object", required: ["event"], properties: { event: { type: "object" } } },
          },
        },
      },
      responses: {
        "200": json(
          { type: "object", properties: { ok: { type: "boolean" }, incident: { type: "integer" }, ignored: str } },
          "Recorded, or acknowledged and not used.",
        ),
        ...errors(400, 401),
      },
    },
  },
  "/api/v1/incidents": {
    get: {
      summary:
        "Incidents newest first. Admins also see incidents whose service the catalog does not know (`unmatched=true`: only those).",
      parameters: [
        {
          name: "service",
          in: "query",
          description: "An entity ref; `payments` means `component:default/payments`.",
          schema: str,
        },
        { name: "team", in: "query", description: "A group ref: incidents of the services it owns.", schema: str },
        { name: "environment", in: "query", schema: str },
        { name: "status", in: "query", schema: { type: "string", enum: ["open", "resolved"] } },
        { name: "unmatched", in: "query", schema: { type: "string", enum: ["true", "false"] } },
        { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
        { name: "cursor", in: "query", description: "The `nextCursor` of the previous page.", schema: str },
      ],
      responses: {
        "200": json(
          {
            type: "object",
            required: ["items", "nextCursor"],
            properties: { items: { type: "array", items: ref("Incident") }, nextCursor: nullableStr },
          },
          "A page of incidents.",
        ),
        ...errors(400, 401, 403),
      },
    },
    post: {
      summary: "Report or update an incident from any tool (token with incidents:write); idempotent by `id`.",
      requestBody: { required: true, content: { "application/json": { schema: ref("IncidentInput") } } },
      responses: {
        "200": json(ref("Incident"), "Updated (the same `id` again)."),
        "201": json(ref("Incident"), "Created."),
        ...errors(400, 401, 403),
      },
    },
  },
  "/api/v1/dora": {
    get: {
      summary:
        "A service's or a team's DORA figures over the last `days`. Time to restore comes from production incidents when there are any (else failed deployment → next success); change failure rate counts failed deployments and successful ones followed by a production incident within DORA_INCIDENT_WINDOW_HOURS. Each figure names its `source`.",
      parameters: [
        { name: "service", in: "query", description: "An entity ref (give service or team).", schema: str },
        { name: "team", in: "query", description: "A group ref: the components it owns.", schema: str },
        { name: "days", in: "query", schema: { type: "integer", minimum: 1, maximum: 365, default: 30 } },
      ],
      responses: {
        "200": json(
          {
            type: "object",
            required: ["days", "deploymentFrequency", "leadTime", "changeFailureRate", "timeToRestore"],
            properties: {
              service: str,
              team: str,
              services: { type: "integer" },
              days: { type: "integer" },
              incidentWindowHours: { type: "integer" },
              deploymentFrequency: figure({ deployments: { type: "integer" }, perDay: { type: "number" } }),
              leadTime: figure({ hours: nullableNumber, samples: { type: "integer" } }),
              changeFailureRate: figure({
                rate: nullableNumber,
                failedDeployments: { type: "integer" },
                incidentFailures: { type: "integer" },
              }),
              timeToRestore: figure({ hours: nullableNumber, samples: { type: "integer" } }),
            },
          },
          "The four figures, each with its source and definition.",
        ),
        ...errors(400, 401, 403),
      },
    },
  },
};
