// Self-service paths of the OpenAPI document (templates, runs, environments), spread into openapi.ts.
import { errors } from "./openapi-errors";

const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const id = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const accepted = (status: string) =>
  json(
    {
      type: "object",
      properties: { id: { type: "string", format: "uuid" }, status: { type: "string", example: status } },
    },
    "Accepted.",
  );
const templateName = {
  name: "name",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "The template's name (metadata.name) or catalog ref.",
};
const publication = {
  type: "object",
  properties: {
    ref: { type: "string" },
    hash: { type: "string" },
    publishedBy: { type: "string" },
    publishedAt: { type: "string", format: "date-time" },
  },
};
const comment = {
  required: false,
  content: {
    "application/json": { schema: { type: "object", properties: { comment: { type: "string", maxLength: 2000 } } } },
  },
};

export const selfServiceSchemas = {
  TemplateTrust: {
    type: "object",
    description:
      "trusted: from PORTOLAN_TEMPLATES_DIR; published: a catalog template in the version an admin published; pending: published, and the entity changed since (the published version runs).",
    properties: {
      state: { type: "string", enum: ["trusted", "published", "pending"] },
      hash: { type: ["string", "null"] },
      publishedBy: { type: ["string", "null"] },
      publishedAt: { type: ["string", "null"], format: "date-time" },
    },
  },
  SelfServiceEnvironment: {
    type: "object",
    required: ["id", "status", "expiresAt"],
    properties: {
      id: { type: "string", format: "uuid" },
      name: { type: "string" },
      status: {
        type: "string",
        enum: ["requested", "awaiting_approval", "provisioning", "ready", "destroying", "destroyed", "failed"],
      },
      url: { type: ["string", "null"], description: "Only while ready." },
      expiresAt: { type: "string", format: "date-time" },
      owner: { type: "string" },
      template: { type: "string" },
      component: { type: ["string", "null"] },
      branch: { type: ["string", "null"] },
      runId: { type: "string", format: "uuid" },
      failureReason: { type: ["string", "null"] },
      canExtend: { type: "boolean" },
      health: {
        type: ["object", "null"],
        description:
          "From the health probes (the template's environment.healthUrl, else the URL) while ready; null otherwise.",
        properties: {
          state: { type: "string", enum: ["healthy", "degraded", "down", "unknown"] },
          reason: { type: "string" },
        },
      },
    },
  },
  Run: {
    type: "object",
    required: ["id", "status", "steps", "outputs", "environment"],
    properties: {
      id: { type: "string", format: "uuid" },
      template: { type: "string" },
      status: { type: "string", enum: ["queued", "awaiting_approval", "running", "succeeded", "failed", "cancelled"] },
      parameters: { type: "object", additionalProperties: true },
      error: { type: ["string", "null"] },
      steps: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string" },
            name: { type: "string" },
            action: { type: "string", example: "local:process" },
            phase: { type: "string", enum: ["provision", "teardown"] },
            status: {
              type: "string",
              enum: ["pending", "running", "succeeded", "failed", "skipped", "rolled_back", "cancelled"],
            },
            attempts: { type: "integer" },
            error: { type: ["string", "null"] },
            output: { type: "object", additionalProperties: true },
          },
        },
      },
      outputs: {
        type: "object",
        properties: {
          url: { type: ["string", "null"] },
          links: {
            type: "array",
            items: { type: "object", properties: { title: { type: "string" }, url: { type: "string" } } },
          },
        },
      },
      environment: { oneOf: [ref("SelfServiceEnvironment"), { type: "null" }] },
    },
  },
};

export const selfServicePaths = {
  "/api/v1/templates": {
    get: {
      summary:
        "Environment templates the caller may use, with their parameters (JSON Schema); admins also get the broken ones under `problems`.",
      responses: {
        "200": json(
          {
            type: "object",
            required: ["items"],
            properties: {
              items: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    name: { type: "string" },
                    title: { type: "string" },
                    description: { type: ["string", "null"] },
                    parameters: { type: "object" },
                    trust: ref("TemplateTrust"),
                  },
                },
              },
              waiting: {
                type: "array",
                description:
                  "Catalog templates not offered: waiting for an admin to publish them, or blocked by the catalog template policy.",
                items: {
                  type: "object",
                  properties: {
                    name: { type: "string" },
                    ref: { type: ["string", "null"] },
                    title: { type: "string" },
                    trust: {
                      type: "object",
                      properties: { state: { type: "string" }, currentHash: { type: ["string", "null"] } },
                    },
                    reason: { type: ["string", "null"] },
                  },
                },
              },
              problems: { type: "array", items: { type: "object" } },
            },
          },
          "Templates.",
        ),
        ...errors(401, 403),
      },
    },
  },
  "/api/v1/templates/{name}/publish": {
    post: {
      summary:
        "Publish a catalog template (admin): it becomes runnable in exactly this version; refused when broken or when it uses actions or secrets the catalog template policy forbids. Audited.",
      parameters: [templateName],
      requestBody: {
        required: false,
        content: {
          "application/json": {
            schema: {
              type: "object",
              properties: {
                hash: {
                  type: "string",
                  pattern: "^[0-9a-f]{64}$",
                  description:
                    "The version reviewed (waiting[].trust.currentHash); refused with 409 if the template changed since.",
                },
              },
            },
          },
        },
      },
      responses: { "200": json(publication, "Published."), ...errors(400, 401, 403, 404, 409, 422) },
    },
  },
  "/api/v1/templates/{name}/withdraw": {
    post: {
      summary:
        "Withdraw a catalog template's published version (admin): no longer offered, and queued runs of it do not start. Audited.",
      parameters: [templateName],
      responses: {
        "200": json(
          { type: "object", properties: { ref: { type: "string" }, hash: { type: "string" } } },
          "Withdrawn.",
        ),
        ...errors(401, 403, 404, 409),
      },
    },
  },
  "/api/v1/runs": {
    post: {
      summary:
        "Request an environment: run a template (by name or entity ref) with parameters. The built-in release actions promote (from, to, version?), rollback (environment) and redeploy (environment) need `entity`; 409 says why a deploy is refused (freeze window, a held lock, a source environment that is down), and production waits for one approval from the owning team or an admin.",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["template"],
              properties: {
                template: { type: "string", example: "local-preview" },
                parameters: { type: "object", additionalProperties: true },
                entity: { type: "string", description: "Release actions: the service (entity ref)." },
                environment: { type: "string", description: "Release actions: the environment, if not in parameters." },
                overrideFreeze: {
                  type: "string",
                  description: "Admins: deploy during a freeze window anyway, with this reason (audited).",
                },
              },
            },
          },
        },
      },
      responses: { "202": accepted("queued"), ...errors(400, 401, 403, 404, 409, 422) },
    },
  },
  "/api/v1/runs/{id}": {
    get: {
      summary: "A run: status, steps, outputs and its environment.",
      parameters: [id],
      responses: { "200": json(ref("Run"), "The run."), ...errors(401, 403, 404) },
    },
  },
  "/api/v1/runs/{id}/events": {
    get: {
      summary: "The run's log, oldest first (secrets redacted); poll with `after` = the last id seen.",
      parameters: [id, { name: "after", in: "query", schema: { type: "integer", minimum: 0, default: 0 } }],
      responses: {
        "200": json(
          {
            type: "object",
            properties: {
              items: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    id: { type: "integer" },
                    at: { type: "string", format: "date-time" },
                    level: { type: "string", enum: ["info", "warn", "error"] },
                    step: { type: ["string", "null"] },
                    message: { type: "string" },
                  },
                },
              },
            },
          },
          "Events.",
        ),
        ...errors(401, 403, 404),
      },
    },
  },
  "/api/v1/runs/{id}/cancel": {
    post: {
      summary: "Cancel a run (its requester or an admin); what it started is rolled back.",
      parameters: [id],
      responses: { "202": accepted("cancelled"), ...errors(401, 403, 404, 409) },
    },
  },
  "/api/v1/runs/{id}/retry": {
    post: {
      summary: "Retry a failed run from its failed step.",
      parameters: [id],
      responses: { "202": accepted("queued"), ...errors(401, 403, 404, 409) },
    },
  },
  "/api/v1/runs/{id}/approve": {
    post: {
      summary: "Approve a run waiting for approval (admins or the template's approvers), with an optional comment.",
      parameters: [id],
      requestBody: comment,
      responses: { "200": accepted("queued"), ...errors(401, 403, 404, 409) },
    },
  },
  "/api/v1/runs/{id}/reject": {
    post: {
      summary: "Reject a run waiting for approval, with an optional comment.",
      parameters: [id],
      requestBody: comment,
      responses: { "200": accepted("cancelled"), ...errors(401, 403, 404, 409) },
    },
  },
  "/api/v1/runs/{id}/callback": {
    post: {
      summary:
        "An internal provisioning API reports back to an `http:request` step; its JSON body becomes the step's output.",
      description:
        "Authenticated by the per-run token sent to the API in `X-Portolan-Callback-Token` (as `Authorization: Bearer <token>`), not by a session or API token. Good once.",
      security: [],
      parameters: [id],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              additionalProperties: true,
              example: { url: "https://pr-42.preview.example.com" },
            },
          },
        },
      },
      responses: {
        "202": json(
          { type: "object", properties: { id: { type: "string" }, received: { type: "boolean" } } },
          "Stored.",
        ),
        ...errors(400, 401),
      },
    },
  },
  "/api/v1/environments": {
    get: {
      summary: "The caller's self-service environments (admins: everyone's with `all=true`).",
      parameters: [
        { name: "all", in: "query", schema: { type: "string", enum: ["true", "false"] } },
        { name: "includeDestroyed", in: "query", schema: { type: "string", enum: ["true", "false"] } },
        { name: "service", in: "query", description: "A component ref.", schema: { type: "string" } },
      ],
      responses: {
        "200": json(
          { type: "object", properties: { items: { type: "array", items: ref("SelfServiceEnvironment") } } },
          "Environments.",
        ),
        ...errors(400, 401, 403),
      },
    },
  },
  "/api/v1/environments/{id}": {
    delete: {
      summary: "Destroy an environment (its owner or an admin); teardown runs in the background.",
      parameters: [id],
      responses: { "202": accepted("destroying"), ...errors(401, 403, 404, 409) },
    },
  },
  "/api/v1/environments/{id}/extend": {
    post: {
      summary: "Extend an environment's expiry, up to the template's max lifetime.",
      parameters: [id],
      requestBody: {
        required: false,
        content: {
          "application/json": {
            schema: { type: "object", properties: { hours: { type: "number", exclusiveMinimum: 0, maximum: 720 } } },
          },
        },
      },
      responses: {
        "200": json(
          {
            type: "object",
            properties: {
              id: { type: "string", format: "uuid" },
              status: { type: "string" },
              expiresAt: { type: "string", format: "date-time" },
            },
          },
          "The new expiry.",
        ),
        ...errors(400, 401, 403, 404, 409),
      },
    },
  },
  "/api/v1/services/branches": {
    get: {
      summary:
        "Branches of a service's repository for the self-service form: its portolan.dev/git-url (git ls-remote), else its GitHub repository (github.com/project-slug); empty, with a reason, when neither can be read.",
      parameters: [
        {
          name: "service",
          in: "query",
          required: true,
          schema: { type: "string", example: "component:default/payments" },
        },
      ],
      responses: {
        "200": json(
          {
            type: "object",
            properties: {
              items: { type: "array", items: { type: "string" } },
              repo: { type: ["string", "null"] },
              source: { type: "string", enum: ["github", "git", "none"] },
              reason: { type: "string" },
            },
          },
          "Branches.",
        ),
        ...errors(400, 401, 403),
      },
    },
  },
};
