import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { compareInput, deploymentInput, deploymentsQuery, releasesQuery } from "@/lib/delivery/schemas";
import {
  comparisonState,
  deploymentPage,
  deploymentView,
  environmentsMatrixView,
  releasePage,
  serviceEnvironmentView,
} from "@/lib/delivery/responses";
import { environmentsQuery } from "@/lib/provisioning/schemas";
import { pickerQuerySchema } from "@/lib/catalog/schemas";
import { pickerOptionsView } from "@/lib/catalog/responses";
import { selfServiceEnvironmentView } from "@/lib/provisioning/responses";

/** GET /api/v1/environments answers one of two shapes, by whether `service` is given. */
const environmentsAnswer = z.union([
  z.object({ items: z.array(selfServiceEnvironmentView) }).meta({ title: "Self-service environments" }),
  z
    .object({ items: z.array(serviceEnvironmentView), previews: z.array(selfServiceEnvironmentView) })
    .meta({ title: "A service's environments and previews" }),
]);

export const deliveryRoutes = {
  listDeployments: defineRoute({
    method: "GET",
    path: "/api/v1/deployments",
    summary: "Deployments from every source, newest first.",
    auth: { permission: "catalog:read" },
    query: deploymentsQuery,
    responses: { 200: { description: "A page of deployments.", schema: deploymentPage } },
  }),
  recordDeployment: defineRoute({
    method: "POST",
    path: "/api/v1/deployments",
    summary: "Any CI reports a deployment (idempotent by the caller's id).",
    auth: { permission: "delivery:write" },
    body: { kind: "json", schema: deploymentInput },
    responses: {
      201: { description: "Recorded.", schema: deploymentView },
      200: { description: "Already recorded with this id: updated (status, times, URLs).", schema: deploymentView },
    },
    errors: [404],
  }),
  listReleases: defineRoute({
    method: "GET",
    path: "/api/v1/releases",
    summary: "A service's published releases, newest first, with where each is live.",
    auth: { permission: "catalog:read" },
    query: releasesQuery,
    responses: { 200: { description: "A page of releases.", schema: releasePage } },
    errors: [404],
  }),
  compareReleases: defineRoute({
    method: "GET",
    path: "/api/v1/releases/compare",
    summary:
      "The commits between two releases: ready, failed with the reason, or pending (the fetch from GitHub is queued once).",
    auth: { permission: "catalog:read" },
    query: compareInput,
    responses: { 200: { description: "The comparison's state.", schema: comparisonState } },
    errors: [404],
  }),
  listEnvironments: defineRoute({
    method: "GET",
    path: "/api/v1/environments",
    summary:
      "Self-service environments (mine, or everyone's for admins), or one service's environments with its previews.",
    auth: { permission: "catalog:read" },
    query: environmentsQuery,
    responses: {
      200: {
        description: "Without `service`: `{ items }`; with it: `{ items, previews }`.",
        schema: environmentsAnswer,
      },
    },
    errors: [404],
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
    responses: { 200: { description: "A page of 100 services.", schema: environmentsMatrixView } },
  }),
  environmentsFilterOptions: defineRoute({
    method: "GET",
    path: "/environments/options",
    summary: "The teams or systems the environments page's filters offer for what has been typed.",
    auth: { permission: "catalog:read" },
    query: pickerQuerySchema,
    responses: { 200: { description: "At most `limit` matches, best first.", schema: pickerOptionsView } },
  }),
};
