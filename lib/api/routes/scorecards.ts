import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { entityParams, idParams } from "@/lib/api/params";
import { initiativeInput } from "@/lib/scorecards/initiatives";
import { SCORECARD_NAME } from "@/lib/scorecards/definition";
import { scorecardResultsQuery } from "@/lib/scorecards/queries";
import {
  entityScorecardsView,
  initiativeDetail,
  initiativeList,
  initiativeView,
  scorecardList,
  scorecardResultsView,
} from "@/lib/scorecards/responses";

const scorecardParams = z.object({
  name: z.string().regex(SCORECARD_NAME, "a scorecard name is 1-63 letters, digits, '.', '_' or '-'"),
});

export const scorecardRoutes = {
  listScorecards: defineRoute({
    method: "GET",
    path: "/api/v1/scorecards",
    summary: "The scorecards in force (name, title, levels, rules), and the broken ones with file, field and reason.",
    auth: { permission: "catalog:read" },
    responses: { 200: { description: "The scorecards.", schema: scorecardList } },
  }),
  getScorecard: defineRoute({
    method: "GET",
    path: "/api/v1/scorecards/{name}",
    summary: "Each service's level, score and rule statuses on one scorecard, filterable by owner and level.",
    auth: { permission: "catalog:read" },
    params: scorecardParams,
    query: scorecardResultsQuery,
    responses: {
      200: {
        description: "A page of results, by entity ref; with format=csv, every result as CSV (one row per entity).",
        schema: scorecardResultsView,
        alternatives: [{ mediaType: "text/csv", schema: z.string() }],
      },
    },
    errors: [404, 422],
  }),
  entityScorecards: defineRoute({
    method: "GET",
    path: "/api/v1/entities/{kind}/{namespace}/{name}/scorecards",
    summary:
      "Every scorecard that applies to one entity, with its level, score and rules (how to fix the failing ones).",
    auth: { permission: "catalog:read" },
    params: entityParams,
    responses: { 200: { description: "The entity's scorecards.", schema: entityScorecardsView } },
    errors: [404],
  }),
  listInitiatives: defineRoute({
    method: "GET",
    path: "/api/v1/initiatives",
    summary: "Initiatives (a scorecard level or rules, a set of services, an owner, a deadline) with their progress.",
    auth: { permission: "catalog:read" },
    responses: { 200: { description: "Initiatives, deadline first.", schema: initiativeList } },
  }),
  createInitiative: defineRoute({
    method: "POST",
    path: "/api/v1/initiatives",
    summary: "Start an initiative (admins; team leads over their own teams' services).",
    description:
      "Admins may cover any services. A team lead (named in the team's Group annotation `portolan.dev/leads`, from an admin-managed location) may start one owned by a team they lead, over `services.owners` they lead (and `services.refs` those teams own); anything else is 403 naming the field. Reminders go to the owning teams of services not yet at target, `reminders` days before the deadline (default 14, 7, 1).",
    auth: { permission: "initiatives:start" },
    body: { kind: "json", schema: initiativeInput },
    responses: { 201: { description: "Started.", schema: initiativeView } },
    errors: [403],
  }),
  getInitiative: defineRoute({
    method: "GET",
    path: "/api/v1/initiatives/{id}",
    summary: "One initiative: progress now, per team (who is behind), and day by day (burn-up).",
    auth: { permission: "catalog:read" },
    params: idParams("initiative"),
    responses: { 200: { description: "The initiative with its progress.", schema: initiativeDetail } },
    errors: [404],
  }),
};
