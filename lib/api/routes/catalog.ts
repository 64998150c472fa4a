import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { entityParams } from "@/lib/api/params";
import { entityQuerySchema, locationIdSchema, locationQuerySchema } from "@/lib/catalog/schemas";
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
  }),
  getEntity: defineRoute({
    method: "GET",
    path: "/api/v1/entities/{kind}/{namespace}/{name}",
    summary: "One entity with its relations.",
    auth: { permission: "catalog:read" },
    params: entityParams,
  }),
  importDescriptors: defineRoute({
    method: "POST",
    path: "/api/v1/catalog/import",
    summary: "Replace what a location holds with the body's descriptors (YAML or JSON).",
    auth: { permission: "catalog:write" },
    query: z.object({ location: z.string().optional() }),
    body: { kind: "text", limit: BODY_LIMITS.import },
  }),
  listLocations: defineRoute({
    method: "GET",
    path: "/api/v1/catalog/locations",
    summary: "Catalog locations with their source, owner, trust, entity count and last import.",
    auth: { permission: "catalog:read" },
    query: locationQuerySchema,
  }),
  getLocation: defineRoute({
    method: "GET",
    path: "/api/v1/catalog/locations/{id}",
    summary: "One catalog location.",
    auth: { permission: "catalog:read" },
    params: locationParams,
  }),
  deleteLocation: defineRoute({
    method: "DELETE",
    path: "/api/v1/catalog/locations/{id}",
    summary: "Remove a location and its entities (its owner or an admin; GitHub locations only by the sync).",
    auth: { permission: "catalog:write" },
    params: locationParams,
  }),
};
