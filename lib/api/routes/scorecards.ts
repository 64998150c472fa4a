import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { entityParams } from "@/lib/api/params";
import { scorecardResultsQuery } from "@/lib/scorecards/queries";

const scorecardParams = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "a scorecard name is lowercase letters, digits and '-'"),
});

export const scorecardRoutes = {
  listScorecards: defineRoute({
    method: "GET",
    path: "/api/v1/scorecards",
    summary: "The scorecards in force (name, title, levels, rules), and the broken ones with file, field and reason.",
    auth: { permission: "catalog:read" },
  }),
  getScorecard: defineRoute({
    method: "GET",
    path: "/api/v1/scorecards/{name}",
    summary: "Each service's level, score and rule statuses on one scorecard, filterable by owner and level.",
    auth: { permission: "catalog:read" },
    params: scorecardParams,
    query: scorecardResultsQuery,
  }),
  entityScorecards: defineRoute({
    method: "GET",
    path: "/api/v1/entities/{kind}/{namespace}/{name}/scorecards",
    summary:
      "Every scorecard that applies to one entity, with its level, score and rules (how to fix the failing ones).",
    auth: { permission: "catalog:read" },
    params: entityParams,
  }),
};
