import type { Database } from "@/db/client";
import { repositoryOf } from "@/lib/catalog/repository-of";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import { createGithubClient, type GithubClient } from "@/lib/github/client";
import { readGithubConfig } from "@/lib/github/config";

export type RepoTarget = { owner: string; repo: string; client: GithubClient };

/**
 * The repository a GitHub action works on (`repo: owner/name`, or the component's repository —
 * lib/catalog/repository-of.ts) and a client from the worker's GitHub configuration.
 */
export async function githubTarget(
  database: Database,
  input: { repo?: string; component?: string },
): Promise<RepoTarget> {
  const slug =
    input.repo ?? (input.component ? await repositoryOf(database.db, normaliseServiceRef(input.component)) : null);
  const match = /^([A-Za-z0-9-_.]+)\/([A-Za-z0-9-_.]+)$/.exec(slug ?? "");
  if (!match)
    throw new Error(
      input.repo
        ? `"${input.repo}" is not owner/name`
        : `no repository: give repo, or a component that names one (annotation github.com/project-slug) or was registered from one`,
    );
  const config = readGithubConfig();
  if (config.auth.mode === "none")
    throw new Error("GitHub is not configured on this worker (set GITHUB_TOKEN or a GitHub App)");
  return { owner: match[1], repo: match[2], client: await createGithubClient(config, database.db, match[1]) };
}

/** GitHub's error message without the request details octokit adds. */
export function githubMessage(error: unknown): string {
  const e = error as { status?: number; response?: { data?: { message?: string } }; message?: string };
  return e.status
    ? `GitHub answered ${e.status}: ${e.response?.data?.message ?? e.message}`
    : String(e.message ?? error);
}
