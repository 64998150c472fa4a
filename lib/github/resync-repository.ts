import { eq } from "drizzle-orm";
import { RequestError } from "octokit";
import type { DbOrTx } from "@/db/client";
import { githubRepositories } from "@/db/schema";
import { deleteLocation } from "@/lib/catalog/import-entities";
import type { GithubClient } from "./client";
import { deleteRepoDelivery } from "./store-delivery";
import { repoLocationId, syncRepository } from "./sync-repository";
import type { GithubRepo } from "./types";

/** Forgets a repository: its catalog location (and so its entities) and, unless kept, its history. */
export async function removeRepository(
  db: DbOrTx,
  fullName: string,
  options: { keepDelivery?: boolean } = {},
): Promise<string> {
  await db.transaction(async (tx) => {
    await deleteLocation(tx, repoLocationId(fullName));
    if (!options.keepDelivery) await deleteRepoDelivery(tx, fullName);
    await tx.delete(githubRepositories).where(eq(githubRepositories.fullName, fullName));
  });
  return `removed ${fullName}`;
}

/**
 * Re-reads one repository now (after a webhook): GitHub's current view decides whether it is
 * kept (archived and forks per configuration) and what it contributes.
 */
export async function resyncRepository(db: DbOrTx, client: GithubClient, fullName: string): Promise<string> {
  const [owner, name] = fullName.split("/");
  let repo: GithubRepo;
  try {
    repo = (await client.octokit.request("GET /repos/{owner}/{repo}", { owner, repo: name })).data as GithubRepo;
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return removeRepository(db, fullName);
    throw error;
  }
  const { includeArchived, includeForks, catalogPath } = client.config;
  if ((repo.archived && !includeArchived) || (repo.fork && !includeForks)) return removeRepository(db, repo.full_name);
  const result = await syncRepository(db, client.octokit, repo, { catalogPath, force: true });
  return `re-read ${repo.full_name}: ${result.entities} entities, ${result.errors.length} errors`;
}
