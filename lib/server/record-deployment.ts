// A deployment reported over the API, and what follows it: its environment probed within seconds and
// its service's scorecards refreshed, rather than at the next round. Both are best effort — the
// deployment is recorded either way; a queue that is down costs freshness, not the answer.
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { requestEnvironmentProbe } from "@/lib/health/jobs";
import { requestScorecardRefresh } from "@/lib/scorecards/jobs";
import { enqueue } from "./start";

export async function recordDeploymentAndFollow(
  db: Db,
  actor: Actor,
  input: Parameters<typeof recordDeployment>[2],
  context: Parameters<typeof recordDeployment>[3],
): ReturnType<typeof recordDeployment> {
  const recorded = await recordDeployment(db, actor, input, { ...context, enqueue });
  const { service, environment } = recorded.deployment;
  const follow = await Promise.allSettled([
    requestEnvironmentProbe(enqueue, { serviceRef: service, environment }),
    requestScorecardRefresh(enqueue, [service]),
  ]);
  for (const outcome of follow)
    if (outcome.status === "rejected")
      console.warn(
        `[portolan] after a deployment of ${service}: ${outcome.reason instanceof Error ? outcome.reason.message : outcome.reason}`,
      );
  return recorded;
}
