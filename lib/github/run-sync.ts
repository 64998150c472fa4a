import type { DbOrTx } from "@/db/client";
import { createGithubClient, type ClientOptions } from "./client";
import { isGithubSyncConfigured, type GithubConfig } from "./config";
import { syncOrganisation, type SyncSummary } from "./sync-organisation";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/jobs/define-job";

/** Syncs every configured organisation once, each with a fresh client and its own run record. */
export async function runGithubSync(
  db: DbOrTx,
  config: GithubConfig,
  trigger: string,
  options: ClientOptions & { org?: string; enqueue?: Enqueue | null } = {},
): Promise<SyncSummary[]> {
  if (!isGithubSyncConfigured(config)) {
    throw new AppError(
      "unavailable:github",
      "GitHub sync is not configured: set GITHUB_ORG and GITHUB_TOKEN (or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY).",
    );
  }
  const orgs = options.org ? config.orgs.filter((o) => o.toLowerCase() === options.org!.toLowerCase()) : config.orgs;
  const summaries: SyncSummary[] = [];
  for (const org of orgs) {
    const client = await createGithubClient(config, db, org, options);
    summaries.push(await syncOrganisation(db, client, org, trigger, { enqueue: options.enqueue }));
  }
  return summaries;
}
