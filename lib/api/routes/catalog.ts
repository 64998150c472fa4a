import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { entityParams } from "@/lib/api/params";
import { entityQuerySchema } from "@/lib/catalog/schemas";
import { BODY_LIMITS } from "@/lib/http/read-body";

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
};
