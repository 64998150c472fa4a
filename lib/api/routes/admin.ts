import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { loginParams } from "@/lib/api/params";
import { ROLES } from "@/db/schema";

export const adminRoutes = {
  listUsers: defineRoute({
    method: "GET",
    path: "/api/v1/users",
    summary: "Portal users and their roles.",
    auth: { permission: "admin:users" },
  }),
  setUserRole: defineRoute({
    method: "PATCH",
    path: "/api/v1/users/{login}",
    summary: "Change a user's role.",
    auth: { permission: "admin:users" },
    params: loginParams,
    body: {
      kind: "json",
      schema: z.object({ role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(", ")}` }) }),
    },
  }),
  listGithubSyncs: defineRoute({
    method: "GET",
    path: "/api/v1/github/syncs",
    summary: "Recent GitHub sync runs.",
    auth: { permission: "admin:github" },
  }),
  startGithubSync: defineRoute({
    method: "POST",
    path: "/api/v1/github/syncs",
    summary: "Start a GitHub sync now.",
    auth: { permission: "admin:github" },
    body: { kind: "json", schema: z.object({}).strict().optional() },
  }),
  metrics: defineRoute({
    method: "GET",
    path: "/api/v1/metrics",
    summary: "The portal's own state in Prometheus's text format.",
    auth: { permission: "admin:metrics" },
  }),
  systemStatus: defineRoute({
    method: "GET",
    path: "/api/v1/system",
    summary: "The portal's own state and what needs attention, as JSON (Admin → System polls it).",
    auth: { permission: "admin:metrics" },
  }),
  openApi: defineRoute({
    method: "GET",
    path: "/api/v1/openapi.json",
    summary: "This API's OpenAPI document.",
    auth: { permission: "catalog:read" },
  }),
};
