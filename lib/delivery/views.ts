import type { deployments } from "@/db/schema";

export type DeploymentRow = typeof deployments.$inferSelect;

/** A deployment as the API and the pages show it. */
export type DeploymentView = {
  id: number;
  source: "api" | "github";
  externalId: string;
  service: string;
  environment: string;
  ref: string | null;
  sha: string | null;
  version: string | null;
  status: string;
  url: string | null;
  logUrl: string | null;
  deployedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
};

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
