import { eq } from "drizzle-orm";
import { RequestError, type Octokit } from "octokit";
import { retryTransactionConflicts, type DbOrTx } from "@/db/client";
import type { Enqueue } from "@/lib/jobs/define-job";
import { githubRepositories, type SyncRunError } from "@/db/schema";
import { importEntities } from "@/lib/catalog/import-entities";
import { GITHUB_SYNC_WRITER } from "@/lib/catalog/location-rules";
import { CODEOWNERS_PATHS, codeownersTeam } from "./codeowners";
import { inferredComponent, toDocument } from "./entity-documents";
import { readRepoDescriptors } from "./read-descriptors";
import { readRepoFile } from "./read-file";
import { syncRepoDelivery } from "./sync-delivery";
import type { GithubRepo, GithubTeam } from "./types";

export const repoLocationId = (fullName: string) => `github:${fullName}`;

export type RepoSyncResult = { entities: number; errors: SyncRunError[]; skippedFiles: boolean };

// Without pushed_at (some servers omit it) there is no way to know the files are unchanged.
const fingerprintOf = (repo: GithubRepo, catalogPath: string) =>
  repo.pushed_at ? `${repo.pushed_at}|${repo.default_branch ?? ""}|${catalogPath}` : null;

async function readCodeownersTeam(octokit: Octokit, owner: string, repo: string): Promise<string | null> {
  for (const path of CODEOWNERS_PATHS) {
    const text = await readRepoFile(octokit, owner, repo, path);
    if (text !== null) return codeownersTeam(text, owner);
  }
  return null;
}

/** The team with admin, else maintain, permission on the repository. */
async function adminTeam(octokit: Octokit, owner: string, repo: string): Promise<string | null> {
  try {
    const teams = (await octokit.paginate("GET /repos/{owner}/{repo}/teams", {
      owner,
      repo,
      per_page: 100,
    })) as GithubTeam[];
    const has = (team: GithubTeam, level: "admin" | "maintain") =>
      team.permission === level || team.permissions?.[level] === true;
    return (teams.find((t) => has(t, "admin")) ?? teams.find((t) => has(t, "maintain")))?.slug ?? null;
  } catch (error) {
    if (error instanceof RequestError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

/**
 * One repository into the catalog: its descriptor files (with their Location targets), or an
 * inferred Component owned per CODEOWNERS or the repo's admin team; then its delivery history.
 * Files are re-read only when the repository was pushed since the last good read (or `force`).
 */
export async function syncRepository(
  db: DbOrTx,
  octokit: Octokit,
  repo: GithubRepo,
  options: { catalogPath: string; force?: boolean; enqueue?: Enqueue | null },
): Promise<RepoSyncResult> {
  const [owner, name] = [repo.owner.login, repo.name];
  const locationId = repoLocationId(repo.full_name);
  const fingerprint = fingerprintOf(repo, options.catalogPath);
  const [known] = await db
    .select()
    .from(githubRepositories)
    .where(eq(githubRepositories.fullName, repo.full_name))
    .limit(1);
  const isUnchanged =
    !options.force && fingerprint !== null && known?.contentFingerprint === fingerprint && !known.lastError;

  let errors: SyncRunError[] = [];
  let files: string[] = known?.descriptorFiles ?? [];
  let codeowners = known?.codeownersTeam ?? null;
  let documents = null;
  let origins = new Map<number, { file: string; document: number }>();
  if (!isUnchanged) {
    const read = await readRepoDescriptors(octokit, owner, name, options.catalogPath, repo.default_branch ?? "HEAD");
    files = read.files ?? [];
    errors = read.errors;
    origins = read.origins;
    if (read.files) documents = read.documents;
    else codeowners = await readCodeownersTeam(octokit, owner, name);
  }
  if (files.length === 0) {
    const ownerTeam = codeowners ?? (await adminTeam(octokit, owner, name));
    documents = [toDocument(0, inferredComponent(repo, ownerTeam))];
  }
  const now = new Date();
  // A transaction Postgres undoes as a deadlock with another writer runs again from the start, its
  // document errors found afresh.
  const { count, documentErrors } = await retryTransactionConflicts(() =>
    db.transaction(async (tx) => {
      const documentErrors: SyncRunError[] = [];
      let entityCount = 0;
      if (documents) {
        const result = await importEntities(
          tx,
          {
            id: locationId,
            type: "github",
            target: `${repo.html_url}/blob/${repo.default_branch ?? "HEAD"}/${options.catalogPath}`,
          },
          documents,
          GITHUB_SYNC_WRITER,
        );
        for (const outcome of result.documents) {
          if (!("errors" in outcome)) continue;
          const origin = origins.get(outcome.index);
          for (const e of outcome.errors) {
            documentErrors.push({
              repo: repo.full_name,
              file: origin?.file,
              document: origin?.document,
              field: e.field || undefined,
              message: e.message,
            });
          }
        }
        entityCount = result.counts.created + result.counts.updated + result.counts.unchanged;
      }
      const row = {
        fullName: repo.full_name,
        org: owner,
        name,
        githubId: repo.id,
        htmlUrl: repo.html_url,
        defaultBranch: repo.default_branch ?? "main",
        isArchived: Boolean(repo.archived),
        contentFingerprint: fingerprint,
        descriptorFiles: files,
        codeownersTeam: codeowners,
        locationId,
        lastSyncedAt: now,
        lastError:
          errors.length + documentErrors.length > 0
            ? [...errors, ...documentErrors]
                .map((e) => e.message)
                .join("; ")
                .slice(0, 2000)
            : null,
      };
      const { fullName: _key, ...set } = row;
      await tx.insert(githubRepositories).values(row).onConflictDoUpdate({ target: githubRepositories.fullName, set });
      return { count: entityCount, documentErrors };
    }),
  );
  errors.push(...documentErrors);
  // Delivery history comes second: a server without deployments or Actions never blocks the catalog.
  try {
    await syncRepoDelivery(db, octokit, owner, name, { enqueue: options.enqueue });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    errors.push({ repo: repo.full_name, message: `deployments, releases or workflow runs were not read: ${reason}` });
  }
  return { entities: count, errors, skippedFiles: isUnchanged };
}
