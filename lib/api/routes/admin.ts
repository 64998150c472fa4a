import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { loginParams } from "@/lib/api/params";
import { ROLES } from "@/db/schema";
import { roleChange, userList } from "@/lib/auth/responses";
import { syncQueued, syncRuns } from "@/lib/github/responses";
import { systemStatusView } from "@/lib/metrics/responses";

export const adminRoutes = {
  listUsers: defineRoute({
    method: "GET",
    path: "/api/v1/users",
    summary: "Portal users and their roles.",
    auth: { permission: "admin:users" },
    responses: { 200: { description: "Every user, by login.", schema: userList } },
  }),
  setUserRole: defineRoute({
    method: "PATCH",
    path: "/api/v1/users/{login}",
    summary: "Change a user's role (the last admin cannot be demoted).",
    auth: { permission: "admin:users" },
    params: loginParams,
    body: {
      kind: "json",
      schema: z.object({ role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(", ")}` }) }),
    },
    responses: { 200: { description: "The user's role now.", schema: roleChange } },
    errors: [404, 409],
  }),
  listGithubSyncs: defineRoute({
    method: "GET",
    path: "/api/v1/github/syncs",
    summary: "Recent GitHub sync runs with their counts (calls, 304s, quota left, per-repository errors).",
    auth: { permission: "admin:github" },
    responses: { 200: { description: "The last 20 runs, newest first.", schema: syncRuns } },
  }),
  startGithubSync: defineRoute({
    method: "POST",
    path: "/api/v1/github/syncs",
    summary: "Start a GitHub sync now.",
    auth: { permission: "admin:github" },
    body: { kind: "json", schema: z.object({}).strict().optional() },
    responses: { 202: { description: "Queued.", schema: syncQueued } },
    errors: [409],
  }),
  metrics: defineRoute({
    method: "GET",
    path: "/api/v1/metrics",
    summary: "The portal's own state in Prometheus's text format.",
    auth: { permission: "admin:metrics" },
    responses: {
      200: { description: "Prometheus exposition format 0.0.4.", mediaType: "text/plain", schema: z.string() },
    },
  }),
  systemStatus: defineRoute({
    method: "GET",
    path: "/api/v1/system",
    summary: "The portal's own state and what needs attention, as JSON (Admin → System polls it).",
    auth: { permission: "admin:metrics" },
    responses: { 200: { description: "The state and what needs attention.", schema: systemStatusView } },
  }),
  openApi: defineRoute({
    method: "GET",
    path: "/api/v1/openapi.json",
    summary: "This API's OpenAPI document.",
    auth: { permission: "catalog:read" },
    responses: {
      200: {
        description: "This document (OpenAPI 3.1), generated from the route contracts.",
        schema: z.looseObject({ openapi: z.literal("3.1.0") }),
      },
    },
  }),
};
