// What GET /api/v1/dora answers, as zod schemas: the OpenAPI document is generated from them and the
// handler replies through them (lib/api/contract.ts).
import { z } from "zod";

const source = z
  .enum(["deployments", "incidents", "deployments and incidents"])
  .meta({ description: "What the figure was computed from." });
const definition = z.string().meta({ description: "How the figure is defined here." });

const doraFigures = z.object({
  days: z.number().int(),
  incidentWindowHours: z.number(),
  deploymentFrequency: z.object({
    deployments: z.number().int(),
    perDay: z.number(),
    source,
    definition,
  }),
  leadTime: z.object({
    hours: z.number().nullable().meta({ description: "Median; null when no deployment says when its change began." }),
    samples: z.number().int(),
    source,
    definition,
  }),
  changeFailureRate: z.object({
    rate: z.number().nullable().meta({ description: "0..1; null without finished deployments." }),
    failedDeployments: z.number().int(),
    incidentFailures: z.number().int(),
    source,
    definition,
  }),
  timeToRestore: z.object({
    hours: z.number().nullable(),
    samples: z.number().int(),
    source,
    definition,
  }),
});

export const doraReportView = z
  .union([
    doraFigures.extend({ service: z.string() }),
    doraFigures.extend({ team: z.string(), services: z.number().int().meta({ description: "The team's services." }) }),
  ])
  .meta({ id: "DoraReport" });
