// The OpenAPI description of /api/v1, served at /api/v1/openapi.json. Kept beside the zod
// schemas it describes; the openapi test checks every route file is listed here.

import { error, errors } from "./openapi-errors";
import { deliveryPaths, deliverySchemas, withServiceEnvironments } from "./openapi-delivery";
import { notificationSchemas, releaseActionPaths, releaseActionSchemas } from "./openapi-release-actions";
import { selfServicePaths, selfServiceSchemas } from "./openapi-self-service";
import { catalogPaths, catalogSchemas } from "./openapi-catalog";

const listParam = (name: string, description: string) => ({
  name,
  in: "query",
  required: false,
  description: `${description} Repeat the parameter or separate values with commas.`,
  schema: { type: "string" },
});

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Portolan API",
    version: "1.0.0",
    description:
      "The catalog of services, owners and relations. Authenticate with `Authorization: Bearer <token>` (tokens are created by admins under Admin → API tokens) or a signed-in session. A token acts with its role, limited to its scopes (`catalog:read`, `catalog:write`, `deployments:write`, `runs:write`, `admin` = all), until it expires.",
  },
  servers: [{ url: "/" }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    schemas: {
      Error: error,
      ...selfServiceSchemas,
      ...releaseActionSchemas,
      ...notificationSchemas,
      ...deliverySchemas,
      ...catalogSchemas,
      Relation: {
        type: "object",
        required: ["type", "targetRef"],
        properties: {
          type: { type: "string", example: "ownedBy" },
          targetRef: { type: "string", example: "group:default/payments" },
        },
      },
      Entity: {
        type: "object",
        required: ["apiVersion", "kind", "metadata", "relations", "ref"],
        properties: {
          apiVersion: { type: "string" },
          kind: { type: "string" },
          metadata: {
            type: "object",
            required: ["name"],
            additionalProperties: true,
            properties: { name: { type: "string" }, namespace: { type: "string" } },
          },
          spec: { type: "object", additionalProperties: true },
          relations: { type: "array", items: { $ref: "#/components/schemas/Relation" } },
          ref: { type: "string", example: "component:default/payment-gateway" },
          source: {
            type: "object",
            properties: {
              location: { type: "string" },
              type: { type: "string" },
              target: { type: "string" },
              origin: { type: "string", enum: ["api", "file", "seed", "github", "unknown"] },
              owner: catalogSchemas.CatalogLocation.properties.owner,
              trusted: {
                type: "boolean",
                description: "Whether permissions may read this entity (group membership, sign-in).",
              },
              lastImportedBy: { type: ["string", "null"] },
              lastSeenAt: { type: "string", format: "date-time" },
              updatedAt: { type: "string", format: "date-time" },
            },
          },
        },
      },
    },
  },
  paths: {
    "/api/health": {
      get: {
        summary: "Health of the portal and its database (no authentication).",
        security: [],
        responses: { "200": { description: "Healthy" }, "503": { description: "The database is not reachable" } },
      },
    },
    "/api/v1/entities": {
      get: {
        summary: "List, filter and search entities.",
        parameters: [
          listParam("kind", "Entity kinds (case-insensitive)."),
          listParam("namespace", "Namespaces."),
          listParam("type", "spec.type values."),
          listParam("owner", "Owner refs; `team-a` means `group:default/team-a`."),
          listParam("lifecycle", "spec.lifecycle values."),
          listParam("system", "System refs; `booking` means `system:default/booking`."),
          listParam("tag", "Tags; an entity must carry all of them."),
          {
            name: "q",
            in: "query",
            description: "Full-text search over name, title, description and tags; prefixes match.",
            schema: { type: "string", maxLength: 200 },
          },
          {
            name: "sort",
            in: "query",
            schema: { type: "string", enum: ["relevance", "name", "-name", "kind", "updated"] },
          },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 50 } },
          {
            name: "cursor",
            in: "query",
            description: "The `nextCursor` of the previous page.",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "A page of entities.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["items", "nextCursor"],
                  properties: {
                    items: { type: "array", items: { $ref: "#/components/schemas/Entity" } },
                    nextCursor: { type: ["string", "null"] },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/entities/{kind}/{namespace}/{name}": {
      get: {
        summary: "One entity with its relations (kind is case-insensitive).",
        parameters: ["kind", "namespace", "name"].map((name) => ({
          name,
          in: "path",
          required: true,
          schema: { type: "string" },
        })),
        responses: {
          "200": {
            description: "The entity.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Entity" } } },
          },
          ...errors(401, 403, 404),
        },
      },
    },
    "/api/v1/users": {
      get: {
        summary: "Portal users and their roles (admins).",
        responses: {
          "200": { description: "`{ items: [{ id, login, name, email, role, lastSignInAt }] }`" },
          ...errors(401, 403),
        },
      },
    },
    "/api/v1/users/{login}": {
      patch: {
        summary: "Change a user's role (admins, including PORTOLAN_ADMIN_TOKEN). The last admin cannot be demoted.",
        parameters: [{ name: "login", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["role"],
                properties: { role: { type: "string", enum: ["viewer", "developer", "admin"] } },
              },
            },
          },
        },
        responses: { "200": { description: "`{ login, role }`" }, ...errors(400, 401, 403, 404) },
      },
    },
    "/api/v1/github/syncs": {
      get: {
        summary: "Recent GitHub sync runs with their counts (calls, 304s, quota left, per-repository errors) (admins).",
        responses: { "200": { description: "`{ runs: [...], isRunning }`" }, ...errors(401, 403) },
      },
      post: {
        summary: "Start a GitHub sync now (admins), as Admin → GitHub → Sync now does.",
        responses: { "202": { description: '`{ status: "queued" }`' }, ...errors(401, 403, 409, 503) },
      },
    },
    "/api/v1/metrics": {
      get: {
        summary:
          "The portal's own state in Prometheus's text format (admins; scrape with an admin API token): catalog, job queue, provisioning, probes, GitHub sync.",
        responses: {
          "200": {
            description: "text/plain; version=0.0.4",
            content: { "text/plain": { schema: { type: "string" } } },
          },
          ...errors(401, 403),
        },
      },
    },
    "/api/v1/catalog/import": {
      post: {
        summary: "Replace the entities of one location with the descriptors in the body.",
        description:
          "The body is a descriptor file (YAML, one or more `---` documents, or JSON). Entities the location held before and that are gone from the body are removed; the same ref claimed by another location is a conflict. Invalid documents are reported per document; the valid ones are imported. Requires the developer or admin role. A new location belongs to whoever creates it (user or token): only its owner or an admin may replace it; demo-seed and CLI locations only admins; GitHub locations only the sync (403 naming the owner). Ids starting with `github:`, `demo:` or `file:` are reserved. A big body is written in several short transactions.",
        parameters: [
          {
            name: "location",
            in: "query",
            required: true,
            description: "Names the source, e.g. `acme/payments`.",
            schema: { type: "string" },
          },
        ],
        requestBody: {
          required: true,
          content: {
            "application/yaml": { schema: { type: "string" } },
            "application/json": { schema: {} },
            "text/plain": { schema: { type: "string" } },
          },
        },
        responses: {
          "200": {
            description: "What was imported, removed and rejected.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    location: { type: "string" },
                    imported: { type: "array", items: { type: "string" } },
                    removed: { type: "array", items: { type: "string" } },
                    errors: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: {
                          index: { type: "integer" },
                          ref: { type: ["string", "null"] },
                          field: { type: "string" },
                          message: { type: "string" },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403, 409, 422),
        },
      },
    },
    ...catalogPaths,
    ...selfServicePaths,
    ...releaseActionPaths,
    ...deliveryPaths,
    "/api/v1/environments": withServiceEnvironments(selfServicePaths["/api/v1/environments"]),
  },
} as const;
