import type { Database } from "@/db/client";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { createGithubClient } from "@/lib/github/client";
import { readGithubConfig } from "@/lib/github/config";
import { requireService } from "@/lib/catalog/service-ref";
import { listRemoteBranches } from "@/lib/previews/git";
import { ANNOTATIONS, componentSource, gitUrlRemote } from "@/lib/previews/repository-source";

export type BranchList = { items: string[]; repo: string | null; source: "github" | "git" | "none"; reason?: string };

/**
 * The branches of a service's repository for the self-service form, read through the GitHub client
 * when someone opens the form (user-initiated; GETs go through the Postgres ETag cache, so an
 * unchanged list costs a free 304). Without GitHub or a repository for the service (lib/catalog/
 * repository-of.ts): no list, free text. An unknown service is a 404.
 */
export async function listServiceBranches(
  database: Database,
  actor: Actor,
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BranchList> {
  assertCan(actor, "selfservice:use");
  const { ref, repository: slug } = await requireService(database.db, service);
  // A component's own git URL wins over GitHub, as it does for the checkout.
  const found = await componentSource(database.db, ref);
  const gitUrl = found?.annotations[ANNOTATIONS.gitUrl];
  if (found && gitUrl) {
    try {
      const remote = gitUrlRemote(gitUrl, { allowFile: found.trusted });
      return { items: (await listRemoteBranches(remote)).slice(0, 500), repo: gitUrl, source: "git" };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { items: [], repo: gitUrl, source: "none", reason: `the branches could not be listed: ${reason}` };
    }
  }
  const config = readGithubConfig(env);
  if (config.auth.mode === "none") return { items: [], repo: null, source: "none", reason: "GitHub is not configured" };
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(slug ?? "");
  if (!match)
    return {
      items: [],
      repo: null,
      source: "none",
      reason:
        "the service names no GitHub repository (annotation github.com/project-slug) and was not registered from one",
    };
  try {
    const { octokit } = await createGithubClient(config, database.db, match[1], { maxRateLimitWaitSeconds: 5 });
    const names: string[] = [];
    for await (const page of octokit.paginate.iterator(octokit.rest.repos.listBranches, {
      owner: match[1],
      repo: match[2],
      per_page: 100,
    })) {
      names.push(...page.data.map((b) => b.name));
      if (names.length >= 500) break;
    }
    return { items: names.sort((a, b) => a.localeCompare(b)), repo: slug, source: "github" };
  } catch (error) {
    return {
      items: [],
      repo: slug,
      source: "none",
      reason: `GitHub did not list the branches (${(error as { status?: number }).status ?? "no answer"})`,
    };
  }
}
