// GET /api/v1/dora: a service's or a team's four figures, each with the records it came from.
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import { parseEntityRef, stringifyEntityRef } from "@/lib/catalog/refs";
import { AppError } from "@/lib/errors";
import { DORA_DEFINITIONS, type DoraFigures } from "./compute";
import { serviceDora, teamDora } from "./queries";
import type { doraReportView } from "./responses";

export const doraQuery = z
  .object({
    service: z.string().min(1).max(300).optional(),
    team: z.string().min(1).max(300).optional(),
    days: z.coerce.number().int().min(1).max(365).default(30),
  })
  .refine((q) => Boolean(q.service) !== Boolean(q.team), {
    message: "give exactly one of service or team",
    path: ["service"],
  });
export type DoraQuery = z.infer<typeof doraQuery>;

export function doraReport(figures: DoraFigures) {
  return {
    days: figures.days,
    incidentWindowHours: figures.incidentWindowHours,
    deploymentFrequency: {
      deployments: figures.deployments,
      perDay: figures.deploymentsPerDay,
      source: figures.sources.deploymentFrequency,
      definition: DORA_DEFINITIONS.deploymentFrequency,
    },
    leadTime: {
      hours: figures.leadTimeHours,
      samples: figures.leadTimeSamples,
      source: figures.sources.leadTime,
      definition: DORA_DEFINITIONS.leadTime,
    },
    changeFailureRate: {
      rate: figures.changeFailureRate,
      failedDeployments: figures.failedDeployments,
      incidentFailures: figures.incidentFailures,
      source: figures.sources.changeFailureRate,
      definition: DORA_DEFINITIONS.changeFailureRate,
    },
    timeToRestore: {
      hours: figures.timeToRestoreHours,
      samples: figures.timeToRestoreSamples,
      source: figures.sources.timeToRestore,
      definition: DORA_DEFINITIONS.timeToRestore,
    },
  };
}

export async function readDora(db: DbOrTx, query: DoraQuery): Promise<z.output<typeof doraReportView>> {
  if (query.service) {
    const service = normaliseServiceRef(query.service);
    return { service, ...doraReport(await serviceDora(db, service, query.days)) };
  }
  const parsed = parseEntityRef(query.team!.trim(), { defaultKind: "group", defaultNamespace: "default" });
  if (!parsed.ok)
    throw new AppError("bad_request:catalog", `team: ${parsed.message}`, [{ field: "team", message: parsed.message }]);
  const team = stringifyEntityRef(parsed.ref);
  const figures = await teamDora(db, team, query.days);
  return { team, services: figures.services, ...doraReport(figures) };
}
