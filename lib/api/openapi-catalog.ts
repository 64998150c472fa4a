// The catalog locations part of the OpenAPI document: who owns each source of entities.
import { errors } from "./openapi-errors";

const owner = {
  type: ["object", "null"],
  description:
    "Who created the location: a user (login), an API token (name) or the system (seed, catalog-import-cli, github-sync); null when unknown (rows from before owners were recorded: admins only).",
  properties: { kind: { type: "string", enum: ["user", "token", "system"] }, name: { type: "string" } },
};

export const catalogSchemas = {
  CatalogLocation: {
    type: "object",
    required: ["id", "source", "owner", "trusted", "entityCount"],
    properties: {
      id: { type: "string", example: "github:acme/payments" },
      type: { type: "string" },
      target: { type: "string" },
      source: {
        type: "string",
        enum: ["api", "file", "seed", "github"],
        description: "How it is fed: the REST API, `npm run catalog:import`, the demo seed, or the GitHub sync.",
      },
      owner,
      trusted: {
        type: "boolean",
        description:
          "Written by an admin or the system (GitHub: only the organisation's teams). Only trusted locations' groups and users count for permissions.",
      },
      entityCount: { type: "integer" },
      createdAt: { type: "string", format: "date-time" },
      lastImportedAt: { type: ["string", "null"], format: "date-time" },
      lastImportedBy: { type: ["string", "null"], example: "user:dev" },
      isImporting: { type: "boolean" },
      errorCount: { type: "integer" },
      errors: {
        type: "array",
        description: "The first 20 per-document errors of the last import.",
        items: {
          type: "object",
          properties: { index: { type: "integer" }, field: { type: "string" }, message: { type: "string" } },
        },
      },
    },
  },
};

const idParam = {
  name: "id",
  in: "path",
  required: true,
  description: "The location id; it may contain slashes (`/api/v1/catalog/locations/github:acme/payments`).",
  schema: { type: "string" },
};

export const catalogPaths = {
  "/api/v1/catalog/locations": {
    get: {
      summary: "Catalog locations with their source, owner, trust, entity count, last import and errors.",
      parameters: [
        {
          name: "source",
          in: "query",
          required: false,
          schema: { type: "string", enum: ["api", "file", "seed", "github"] },
        },
        {
          name: "limit",
          in: "query",
          required: false,
          schema: { type: "integer", minimum: 1, maximum: 500, default: 100 },
        },
        {
          name: "cursor",
          in: "query",
          required: false,
          description: "The `nextCursor` of the previous page.",
          schema: { type: "string" },
        },
      ],
      responses: {
        "200": {
          description: "A page of locations, by id.",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  items: { type: "array", items: { $ref: "#/components/schemas/CatalogLocation" } },
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
  "/api/v1/catalog/locations/{id}": {
    get: {
      summary: "One catalog location.",
      parameters: [idParam],
      responses: {
        "200": {
          description: "The location.",
          content: { "application/json": { schema: { $ref: "#/components/schemas/CatalogLocation" } } },
        },
        ...errors(400, 401, 403, 404),
      },
    },
    delete: {
      summary:
        "Remove a location and every entity it holds. Its owner or an admin; never a GitHub location (the sync follows the repository).",
      parameters: [idParam],
      responses: {
        "200": {
          description: "Removed.",
          content: {
            "application/json": {
              schema: { type: "object", properties: { id: { type: "string" }, removedEntities: { type: "integer" } } },
            },
          },
        },
        ...errors(400, 401, 403, 404, 409),
      },
    },
  },
};
