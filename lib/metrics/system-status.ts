// Admin → System: the snapshot and what needs attention, for the page and GET /api/v1/system, which
// the page polls (react-query) so the figures stay live without reloading the page.
import type { DbOrTx } from "@/db/client";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { isGithubSyncConfigured, readGithubConfig } from "@/lib/github/config";
import { intervalToCron } from "@/lib/jobs/define-job";
import { needsAttention, type Attention } from "./attention";
import { collectMetrics, type MetricsSnapshot } from "./snapshot";

export type SystemStatus = { snapshot: MetricsSnapshot; attention: Attention[]; githubConfigured: boolean };

export async function readSystemStatus(
  db: DbOrTx,
  actor: Actor,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SystemStatus> {
  assertCan(actor, "admin:metrics");
  const github = readGithubConfig(env);
  const githubConfigured = isGithubSyncConfigured(github);
  const snapshot = await collectMetrics(db);
  const attention = needsAttention(snapshot, {
    syncCron: githubConfigured ? intervalToCron(github.syncInterval) : null,
  });
  return { snapshot, attention, githubConfigured };
}
