import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { deployments, provisioningRuns, serviceEnvironments } from "@/db/schema";
import { runFreezeProblem } from "../run-freeze";
import { defineAction } from "./types";

/**
 * Records what a release action deploys in the shared deployments table (source "api", id
 * `portolan-run:<run>`), in progress while the run goes and success or failure when it ends — so
 * history, health, DORA and "live in" read one truth whatever the deployer was.
 */
export const recordDeployment = defineAction({
  id: "portolan:deployment",
  description:
    "Records a deployment of a service to an environment, in progress while the run goes, then success or failure as the run ends.",
  schema: z.object({
    service: z.string().min(1),
    environment: z.string().min(1),
    version: z.string().min(1),
    repo: z.string().nullable().default(null),
  }),
  declaredOutputs: () => ["deploymentId"],
  run: async ({ input, runId, database, log, setResources }) => {
    // A request made before a freeze began (and approved during it) must not deploy inside it either.
    const frozen = await runFreezeProblem(database.db, runId, input);
    if (frozen) throw new Error(frozen);
    const [run] = await database.db
      .select({ requestedBy: provisioningRuns.requestedBy })
      .from(provisioningRuns)
      .where(eq(provisioningRuns.id, runId));
    const now = new Date();
    const values = {
      serviceRef: input.service,
      environment: input.environment,
      ref: input.version,
      version: input.version,
      status: "in_progress" as const,
      deployedBy: run?.requestedBy ?? null,
      repo: input.repo,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
    };
    // A step started again (a worker died) finds its row by the run's id and starts it over.
    const [row] = await database.db
      .insert(deployments)
      .values({ source: "api", externalId: `portolan-run:${runId}`, ...values })
      .onConflictDoUpdate({ target: [deployments.source, deployments.externalId], set: values })
      .returning({ id: deployments.id });
    await database.db
      .insert(serviceEnvironments)
      .values({ serviceRef: input.service, name: input.environment, lastDeployedAt: now })
      .onConflictDoUpdate({
        target: [serviceEnvironments.serviceRef, serviceEnvironments.name],
        set: { lastDeployedAt: sql`greatest(${serviceEnvironments.lastDeployedAt}, excluded.last_deployed_at)` },
      });
    await setResources({ deploymentId: row.id });
    await log(`deploying ${input.version} of ${input.service} to ${input.environment}`);
    return { deploymentId: row.id };
  },
  onRunEnd: async ({ database, resources, outcome, url, log }) => {
    if (!resources?.deploymentId) return;
    const status = outcome === "succeeded" ? "success" : outcome === "cancelled" ? "inactive" : "failure";
    const now = new Date();
    await database.db
      .update(deployments)
      .set({ status, finishedAt: now, updatedAt: now, ...(url ? { url } : {}) })
      .where(eq(deployments.id, Number(resources.deploymentId)));
    await log(`deployment recorded as ${status}`);
  },
});
