import type { DbOrTx } from "@/db/client";
import { assertCan, actorLabel, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { isGithubSyncConfigured, type GithubConfig } from "./config";
import { isSyncRunning } from "./queries";

/** An admin asks for a sync now: checked, audited, then handed to the queue. */
export async function requestGithubSync(
  db: DbOrTx,
  actor: Actor,
  config: GithubConfig,
  enqueue: (name: string, payload: unknown) => Promise<unknown>,
): Promise<void> {
  assertCan(actor, "admin:github");
  if (!isGithubSyncConfigured(config)) {
    throw new AppError(
      "unavailable:github",
      "GitHub is not configured: set GITHUB_ORG and GITHUB_TOKEN (or a GitHub App) and restart.",
    );
  }
  if (await isSyncRunning(db)) throw new AppError("conflict:github", "A sync is already running; it shows below.");
  await recordAudit(db, actor, { action: "github.sync", target: config.orgs.join(",") });
  await enqueue("github-sync", { trigger: `manual:${actorLabel(actor)}` });
}
