// Delivery paths of the OpenAPI document (deployments, releases, a service's environments), spread into openapi.ts.
import { errors } from "./openapi-errors";

const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: "string" };
const nullableStr = { type: ["string", "null"] };
const time = { type: "string", format: "date-time" };
const nullableTime = { type: ["string", "null"], format: "date-time" };
const statuses = ["queued", "in_progress", "success", "failure", "error", "inactive"];
const limit = { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } };
const cursor = { name: "cursor", in: "query", description: "The `nextCursor` of the previous page.", schema: str };
const service = (required: boolean) => ({
  name: "service",
  in: "query",
  required,
  description: "An entity ref; `payments` means `component:default/payments`.",
  schema: str,
});
const page = (item: string, description: string) =>
  json(
    {
      type: "object",
      required: ["items", "nextCursor"],
      properties: { items: { type: "array", items: ref(item) }, nextCursor: nullableStr },
    },
    description,
  );

export const deliverySchemas = {
  Deployment: {
    type: "object",
    required: ["id", "source", "externalId", "service", "environment", "status", "startedAt"],
    properties: {
      id: { type: "integer" },
      source: { type: "string", enum: ["api", "github"] },
      externalId: { type: "string", description: "The caller's `id` (API) or GitHub's deployment id." },
      service: str,
      environment: str,
      ref: nullableStr,
      sha: nullableStr,
      version: nullableStr,
      status: { type: "string", enum: statuses },
      url: nullableStr,
      logUrl: nullableStr,
      deployedBy: nullableStr,
      startedAt: time,
      finishedAt: nullableTime,
    },
  },
  DeploymentInput: {
    type: "object",
    required: ["id", "service", "environment", "status"],
    additionalProperties: false,
    description: "At least one of `ref`, `sha` or `version`.",
    properties: {
      id: { type: "string", maxLength: 200, description: "Yours; sending it again updates the same deployment." },
      service: { type: "string", description: "An entity ref that is in the catalog (unknown → 404)." },
      environment: { type: "string", pattern: "^[a-zA-Z0-9][a-zA-Z0-9._-]*$", maxLength: 63 },
      ref: str,
      sha: { type: "string", pattern: "^[0-9a-fA-F]{7,64}$" },
      version: str,
      status: { type: "string", enum: statuses },
      url: { type: "string", format: "uri" },
      healthUrl: { type: "string", format: "uri" },
      logUrl: { type: "string", format: "uri" },
      deployedBy: str,
      firstCommitAt: { ...time, description: "When the change's first commit was made (DORA lead time)." },
      startedAt: time,
      finishedAt: time,
    },
  },
  ServiceEnvironment: {
    type: "object",
    required: ["service", "name", "health"],
    properties: {
      service: str,
      serviceTitle: nullableStr,
      name: { type: "string", example: "production" },
      url: nullableStr,
      healthUrl: nullableStr,
      live: {
        type: ["object", "null"],
        description: "The newest successful deployment.",
        properties: {
          ref: nullableStr,
          sha: nullableStr,
          version: nullableStr,
          tag: { ...nullableStr, description: "The release whose tag or sha matches." },
          deployedAt: time,
          deployedBy: nullableStr,
        },
      },
      latest: { type: ["object", "null"], properties: { status: str, startedAt: time } },
      health: {
        type: "object",
        required: ["state", "reason"],
        properties: {
          state: { type: "string", enum: ["healthy", "degraded", "down", "unknown"] },
          reason: { type: "string", example: "3 failed probes since 10:42: connection refused" },
        },
      },
      lastProbedAt: nullableTime,
    },
  },
  Release: {
    type: "object",
    required: ["id", "tagName", "publishedAt", "liveIn"],
    properties: {
      id: { type: "integer" },
      tagName: str,
      name: nullableStr,
      notes: { ...nullableStr, description: "Markdown as written; render it sanitised." },
      author: nullableStr,
      htmlUrl: nullableStr,
      isPrerelease: { type: "boolean" },
      publishedAt: time,
      liveIn: { type: "array", items: str, description: "Environments where this release is live." },
    },
  },
};

export const deliveryPaths = {
  "/api/v1/deployments": {
    get: {
      summary:
        "Deployments from every source (API and GitHub), newest first; every environment of the service unless narrowed.",
      parameters: [
        service(false),
        { name: "environment", in: "query", schema: str },
        { name: "status", in: "query", schema: { type: "string", enum: statuses } },
        { name: "since", in: "query", schema: time },
        limit,
        cursor,
      ],
      responses: { "200": page("Deployment", "A page of deployments."), ...errors(400, 401, 403) },
    },
    post: {
      summary: "Report a deployment from any CI (developer or admin token); idempotent by `id`.",
      requestBody: { required: true, content: { "application/json": { schema: ref("DeploymentInput") } } },
      responses: {
        "200": json(ref("Deployment"), "Updated (the same `id` again)."),
        "201": json(ref("Deployment"), "Created."),
        ...errors(400, 401, 403, 409, 422),
      },
    },
  },
  "/api/v1/releases": {
    get: {
      summary: "A service's published releases (no drafts), newest first, with the environments each is live in.",
      parameters: [service(true), limit, cursor],
      responses: { "200": page("Release", "A page of releases."), ...errors(400, 401, 403, 404) },
    },
  },
  "/api/v1/releases/compare": {
    get: {
      summary:
        "The commits between two releases of a service: `ready`, `failed` with the reason, or `pending` — the fetch from GitHub is queued once; poll until it is not pending, then read the release view.",
      parameters: [
        service(true),
        { name: "base", in: "query", required: true, schema: { type: "string", maxLength: 255 } },
        { name: "head", in: "query", required: true, schema: { type: "string", maxLength: 255 } },
      ],
      responses: {
        "200": json(
          {
            type: "object",
            required: ["status", "error"],
            properties: {
              status: { type: "string", enum: ["pending", "ready", "failed"] },
              error: { type: ["string", "null"] },
            },
          },
          "The comparison's state.",
        ),
        ...errors(400, 401, 403),
      },
    },
  },
};

type PathItem = { get: { summary: string; parameters: readonly unknown[]; responses: Record<string, unknown> } };

/**
 * GET /api/v1/environments has two answers: without `service`, the self-service list (described in
 * openapi-self-service.ts); with it, that service's deployed environments plus its previews.
 */
export function withServiceEnvironments<T extends PathItem>(selfService: T) {
  return {
    ...selfService,
    get: {
      ...selfService.get,
      summary: `${selfService.get.summary} With \`service\`: that service's deployed environments (live version, health) in \`items\` and its self-service environments in \`previews\`.`,
      responses: {
        ...selfService.get.responses,
        "200": json(
          {
            oneOf: [
              {
                type: "object",
                required: ["items"],
                properties: { items: { type: "array", items: ref("SelfServiceEnvironment") } },
              },
              {
                type: "object",
                required: ["items", "previews"],
                description: "With `service`.",
                properties: {
                  items: { type: "array", items: ref("ServiceEnvironment") },
                  previews: { type: "array", items: ref("SelfServiceEnvironment") },
                },
              },
            ],
          },
          "Without `service`: the caller's self-service environments. With `service`: its deployed environments and previews.",
        ),
        "404": errors(404)["404"],
      },
    },
  };
}
