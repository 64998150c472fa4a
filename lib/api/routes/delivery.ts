import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { compareInput, deploymentInput, deploymentsQuery, releasesQuery } from "@/lib/delivery/schemas";
import { environmentsQuery } from "@/lib/provisioning/schemas";

export const deliveryRoutes = {
  listDeployments: defineRoute({
    method: "GET",
    path: "/api/v1/deployments",
    summary: "Deployments from every source, newest first.",
    auth: { permission: "catalog:read" },
    query: deploymentsQuery,
  }),
  recordDeployment: defineRoute({
    method: "POST",
    path: "/api/v1/deployments",
    summary: "Any CI reports a deployment (idempotent by the caller's id).",
    auth: { permission: "delivery:write" },
    body: { kind: "json", schema: deploymentInput },
  }),
  listReleases: defineRoute({
    method: "GET",
    path: "/api/v1/releases",
    summary: "A service's published releases, newest first, with where each is live.",
    auth: { permission: "catalog:read" },
    query: releasesQuery,
  }),
  compareReleases: defineRoute({
    method: "GET",
    path: "/api/v1/releases/compare",
    summary:
      "The commits between two releases: ready, failed with the reason, or pending (the fetch from GitHub is queued once).",
    auth: { permission: "catalog:read" },
    query: compareInput,
  }),
  listEnvironments: defineRoute({
    method: "GET",
    path: "/api/v1/environments",
    summary:
      "Self-service environments (mine, or everyone's for admins), or one service's environments with its previews.",
    auth: { permission: "catalog:read" },
    query: environmentsQuery,
  }),
  environmentsMatrix: defineRoute({
    method: "GET",
    path: "/environments/data",
    summary: "The services × environments matrix the environments page refreshes live.",
    auth: { permission: "catalog:read" },
    query: z.object({
      team: z.string().max(300).optional(),
      system: z.string().max(300).optional(),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  }),
};
