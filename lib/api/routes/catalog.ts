import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { entityParams } from "@/lib/api/params";
import {
  entityFacetsQuerySchema,
  entityQuerySchema,
  locationIdSchema,
  locationQuerySchema,
} from "@/lib/catalog/schemas";
import {
  deletedLocation,
  entityFacets,
  entityPage,
  entityView,
  importAnswer,
  locationPage,
  locationView,
} from "@/lib/catalog/responses";
import { BODY_LIMITS } from "@/lib/http/read-body";

// Location ids contain slashes (github:acme/payments): the id is the rest of the path.
const locationParams = z.object({
  id: z
    .array(z.string())
    .transform((parts) => parts.join("/"))
    .pipe(locationIdSchema),
});

export const catalogRoutes = {
  listEntities: defineRoute({
    method: "GET",
    path: "/api/v1/entities",
    summary: "List, filter and search catalog entities.",
    auth: { permission: "catalog:read" },
    query: entityQuerySchema,
    responses: { 200: { description: "A page of entities.", schema: entityPage } },
  }),
  listEntityFacets: defineRoute({
    method: "GET",
    path: "/api/v1/entities/facets",
    summary: "Counts per kind, type, owner, lifecycle, system, tag (and scorecard level) of the matching entities.",
    description:
      "Takes the list's filters. Each facet is counted over the entities matching every filter except its own (a `kind` filter narrows the owners, not the kinds), as the catalog page's filter panel shows them. Counts are shared between callers while the catalog is unchanged (30 s at most).",
    auth: { permission: "catalog:read" },
    query: entityFacetsQuerySchema,
    responses: { 200: { description: "Counts per facet value.", schema: entityFacets } },
  }),
  getEntity: defineRoute({
    method: "GET",
    path: "/api/v1/entities/{kind}/{namespace}/{name}",
    summary: "One entity with its relations.",
    auth: { permission: "catalog:read" },
    params: entityParams,
    responses: { 200: { description: "The entity.", schema: entityView } },
    errors: [404],
  }),
  importDescriptors: defineRoute({
    method: "POST",
    path: "/api/v1/catalog/import",
    summary: "Replace what a location holds with the body's descriptors (YAML or JSON).",
    description:
      "The body is a descriptor file (YAML, one or more `---` documents, or JSON). Entities the location held before and that are gone from the body are removed; the same ref claimed by another location is a conflict. Invalid documents are reported per document; the valid ones are imported. A new location belongs to whoever creates it (user or token): only its owner or an admin may replace it; demo-seed and CLI locations only admins; GitHub locations only the sync (403 naming the owner). Ids starting with `github:`, `demo:` or `file:` are reserved. A big body is written in several short transactions.",
    auth: { permission: "catalog:write" },
    query: z.object({
      location: z.string().optional().meta({ description: "Names the source, e.g. `acme/payments` (required)." }),
    }),
    body: {
      kind: "text",
      limit: BODY_LIMITS.import,
      mediaTypes: ["application/yaml", "application/json", "text/plain"],
    },
    responses: { 200: { description: "What was imported, removed and rejected.", schema: importAnswer } },
    errors: [409, 422],
  }),
  listLocations: defineRoute({
    method: "GET",
    path: "/api/v1/catalog/locations",
    summary: "Catalog locations with their source, owner, trust, entity count and last import.",
    auth: { permission: "catalog:read" },
    query: locationQuerySchema,
    responses: { 200: { description: "A page of locations, by id.", schema: locationPage } },
  }),
  getLocation: defineRoute({
    method: "GET",
    path: "/api/v1/catalog/locations/{id}",
    summary: "One catalog location.",
    auth: { permission: "catalog:read" },
    params: locationParams,
    responses: { 200: { description: "The location.", schema: locationView } },
    errors: [404],
  }),
  deleteLocation: defineRoute({
    method: "DELETE",
    path: "/api/v1/catalog/locations/{id}",
    summary: "Remove a location and its entities (its owner or an admin; GitHub locations only by the sync).",
    auth: { permission: "catalog:write" },
    params: locationParams,
    responses: { 200: { description: "Removed, with how many entities went with it.", schema: deletedLocation } },
    errors: [404, 409],
  }),
};
