// Release-action paths of the OpenAPI document (actions on an entity, freeze windows), spread into openapi.ts.
import { errors } from "./openapi-errors";

const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const pathParam = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string" },
  description,
});
const freezeId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };

export const releaseActionSchemas = {
  AvailableAction: {
    type: "object",
    required: ["template", "title", "target"],
    properties: {
      template: { type: "string", enum: ["promote", "rollback", "redeploy"] },
      title: { type: "string", example: "Promote v1.4.0 from staging to production" },
      target: {
        type: "object",
        properties: {
          entity: { type: "string" },
          environment: { type: "string" },
          from: { type: "string", description: "promote: where the version is live now." },
          version: { type: "string" },
        },
      },
    },
  },
  FreezeWindow: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      environment: { type: "string", description: "An environment name, or * for every environment." },
      service: { type: ["string", "null"], description: "One service's ref, or null for every service." },
      startsAt: { type: "string", format: "date-time" },
      endsAt: { type: "string", format: "date-time" },
      timeZone: { type: "string", example: "Europe/Berlin" },
      reason: { type: "string" },
      createdBy: { type: "string" },
      createdAt: { type: "string", format: "date-time" },
    },
  },
};

const channelId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const EVENTS = [
  "approval.requested",
  "approval.decided",
  "run.succeeded",
  "run.failed",
  "environment.expiring",
  "environment.destroyed",
  "deployment.failed",
];

export const notificationSchemas = {
  Notification: {
    type: "object",
    properties: {
      id: { type: "integer" },
      event: { type: "string", enum: EVENTS },
      title: { type: "string" },
      body: { type: "string" },
      link: { type: ["string", "null"], description: "A path in the portal." },
      read: { type: "boolean" },
      createdAt: { type: "string", format: "date-time" },
    },
  },
  NotificationChannel: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      owner: { type: "string", example: "group:default/payments" },
      kind: { type: "string", enum: ["slack", "webhook"] },
      host: { type: "string", description: "The URL's host; the URL itself is sealed and never returned." },
      events: { type: "array", items: { type: "string", enum: EVENTS }, description: "Empty: every event." },
      delivered: { type: "integer" },
      pending: { type: "integer" },
      failed: { type: "integer" },
      lastError: { type: ["string", "null"] },
      signingKey: {
        type: ["string", "null"],
        description:
          "Only in the answer to POST, for webhook channels: the key of X-Portolan-Signature (sha256=HMAC of the body).",
      },
    },
  },
};

export const releaseActionPaths = {
  "/api/v1/notifications": {
    get: {
      summary: "The caller's notifications, newest first, with read state and the unread count.",
      parameters: [
        { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 30 } },
        { name: "before", in: "query", schema: { type: "integer" }, description: "Page: ids below this one." },
        { name: "unread", in: "query", schema: { type: "string", enum: ["true", "false"] } },
      ],
      responses: {
        "200": json(
          {
            type: "object",
            properties: { items: { type: "array", items: ref("Notification") }, unread: { type: "integer" } },
          },
          "The notifications.",
        ),
        ...errors(400, 401, 403),
      },
    },
  },
  "/api/v1/notifications/read": {
    post: {
      summary: "Mark the caller's notifications read: { ids: [...] } or { all: true }.",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              oneOf: [
                {
                  type: "object",
                  required: ["ids"],
                  properties: { ids: { type: "array", items: { type: "integer" } } },
                },
                { type: "object", required: ["all"], properties: { all: { type: "boolean", enum: [true] } } },
              ],
            },
          },
        },
      },
      responses: {
        "200": json(
          { type: "object", properties: { marked: { type: "integer" }, unread: { type: "integer" } } },
          "How many were marked, and how many are left unread.",
        ),
        ...errors(400, 401, 403),
      },
    },
  },
  "/api/v1/notifications/channels": {
    get: {
      summary:
        "The caller's and their teams' outbound channels, with delivery counts; admins with all=true: every one.",
      parameters: [{ name: "all", in: "query", schema: { type: "string", enum: ["true", "false"] } }],
      responses: {
        "200": json(
          { type: "object", properties: { items: { type: "array", items: ref("NotificationChannel") } } },
          "The channels.",
        ),
        ...errors(400, 401, 403),
      },
    },
    post: {
      summary:
        "Add a channel: a Slack-compatible incoming webhook ({ text }) or a generic webhook (the event as JSON, signed), for yourself or a team you belong to (owner).",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["kind", "url"],
              properties: {
                kind: { type: "string", enum: ["slack", "webhook"] },
                url: { type: "string", format: "uri" },
                owner: { type: "string", example: "group:default/payments" },
                events: { type: "array", items: { type: "string", enum: EVENTS } },
              },
            },
          },
        },
      },
      responses: { "201": json(ref("NotificationChannel"), "The channel."), ...errors(400, 401, 403, 422) },
    },
  },
  "/api/v1/notifications/channels/{id}": {
    delete: {
      summary: "Remove a channel (its owner, a member of its team, or an admin).",
      parameters: [channelId],
      responses: { "204": { description: "Removed." }, ...errors(400, 401, 403, 404) },
    },
  },
  "/api/v1/entities/{kind}/{namespace}/{name}/actions": {
    get: {
      summary:
        "The release actions the caller may run on a service and its environments (run one with POST /api/v1/runs { template, parameters, entity }).",
      parameters: [
        pathParam("kind", "e.g. component"),
        pathParam("namespace", "e.g. default"),
        pathParam("name", "the entity's name"),
      ],
      responses: {
        "200": json(
          { type: "object", properties: { items: { type: "array", items: ref("AvailableAction") } } },
          "The actions; empty for people who may not deploy, or a service without a deployer.",
        ),
        ...errors(400, 401, 403, 404),
      },
    },
  },
  "/api/v1/freezes": {
    get: {
      summary: "Freeze windows that have not ended; all=true lists every one.",
      parameters: [{ name: "all", in: "query", schema: { type: "string", enum: ["true", "false"] } }],
      responses: {
        "200": json(
          { type: "object", properties: { items: { type: "array", items: ref("FreezeWindow") } } },
          "The windows, soonest first.",
        ),
        ...errors(400, 401, 403),
      },
    },
    post: {
      summary:
        "Set a freeze window (admins): no deploys to the environment (or every one: *) between startsAt and endsAt, read as wall-clock times in timeZone (or ISO times with an offset).",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["environment", "startsAt", "endsAt", "reason"],
              properties: {
                environment: { type: "string", example: "production" },
                service: { type: "string", description: "Only this service (entity ref); every service when absent." },
                startsAt: { type: "string", example: "2026-12-24T18:00" },
                endsAt: { type: "string", example: "2026-12-27T08:00" },
                timeZone: { type: "string", default: "UTC", example: "Europe/Berlin" },
                reason: { type: "string", example: "end-of-year freeze" },
              },
            },
          },
        },
      },
      responses: { "201": json(ref("FreezeWindow"), "The window."), ...errors(400, 401, 403, 422) },
    },
    delete: {
      summary: "Remove the freeze window named by ?id= (admins).",
      parameters: [{ name: "id", in: "query", required: true, schema: { type: "string", format: "uuid" } }],
      responses: { "204": { description: "Removed." }, ...errors(400, 401, 403, 404) },
    },
  },
  "/api/v1/freezes/{id}": {
    delete: {
      summary: "Remove a freeze window (admins).",
      parameters: [freezeId],
      responses: { "204": { description: "Removed." }, ...errors(400, 401, 403, 404) },
    },
  },
};
