import type { z } from "zod";
import type { deployments } from "@/db/schema";
import type { deploymentView } from "./responses";

export type DeploymentRow = typeof deployments.$inferSelect;

/** A deployment as the API and the pages show it (its schema is in responses.ts). */
export type DeploymentView = z.output<typeof deploymentView>;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toDeploymentView(row: DeploymentRow): DeploymentView {
  return {
    id: Number(row.id),
    source: row.source,
    externalId: row.externalId,
    service: row.serviceRef,
    environment: row.environment,
    ref: row.ref,
    sha: row.sha,
    version: row.version,
    status: row.status,
    url: row.url,
    logUrl: row.logUrl,
    deployedBy: row.deployedBy,
    startedAt: iso(row.startedAt)!,
    finishedAt: iso(row.finishedAt),
  };
}
