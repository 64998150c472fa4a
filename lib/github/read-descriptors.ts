import type { Octokit } from "octokit";
import picomatch from "picomatch";
import { resolveLocationTargets } from "@/lib/catalog/location-targets";
import { parseDescriptors } from "@/lib/catalog/parse-descriptors";
import type { DocumentResult } from "@/lib/catalog/types";
import type { SyncRunError } from "@/db/schema";
import { readRepoFile } from "./read-file";

const MAX_FILES = 50;

export type RepoDescriptors = {
  /** Null when the repository has no descriptor at the configured path. */
  files: string[] | null;
  /** All documents of all files, numbered in one sequence for the location. */
  documents: DocumentResult[];
  /** Which file and which document of it each sequence number came from. */
  origins: Map<number, { file: string; document: number }>;
  errors: SyncRunError[];
};

/**
 * The repository's file paths on a branch, listed once per read (one recursive tree request,
 * conditional like every GET). Null with a reason when GitHub truncates the listing.
 */
async function repoFilePaths(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
): Promise<{ paths: string[] } | { reason: string }> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
    owner,
    repo,
    tree_sha: branch,
    recursive: "1",
  });
  if (data.truncated)
    return { reason: "the repository has more files than GitHub lists at once; list the files instead of a glob" };
  return { paths: data.tree.filter((entry) => entry.type === "blob" && entry.path).map((entry) => entry.path!) };
}

/**
 * Reads the descriptor at `rootPath` and every Location target it (transitively) points to inside
 * the same repository; glob targets are matched against the repository's file list (as a local
 * import matches them against the disk). Other repositories are reported, not followed.
 */
export async function readRepoDescriptors(
  octokit: Octokit,
  owner: string,
  repo: string,
  rootPath: string,
  branch = "HEAD",
): Promise<RepoDescriptors> {
  const result: RepoDescriptors = { files: null, documents: [], origins: new Map(), errors: [] };
  let listing: Promise<{ paths: string[] } | { reason: string }> | null = null;
  let isFull = false;
  const root = await readRepoFile(octokit, owner, repo, rootPath);
  if (root === null) return result;
  result.files = [];
  const queue: { path: string; text: string | null }[] = [{ path: rootPath, text: root }];
  const seen = new Set([rootPath]);
  while (queue.length > 0) {
    const next = queue.shift()!;
    const text = next.text ?? (await readRepoFile(octokit, owner, repo, next.path));
    if (text === null) {
      result.errors.push({
        repo: `${owner}/${repo}`,
        file: next.path,
        message: "a Location target points to a file that does not exist",
      });
      continue;
    }
    result.files.push(next.path);
    const { documents } = parseDescriptors(text, next.path);
    for (const doc of documents) {
      const index = result.documents.length;
      result.origins.set(index, { file: next.path, document: doc.index });
      if (!doc.ok) {
        const errors = doc.errors.map((e) => ({ ...e, message: `${next.path} [document ${doc.index}]: ${e.message}` }));
        result.documents.push({ ...doc, index, errors });
        continue;
      }
      result.documents.push({ ...doc, index });
      for (const target of resolveLocationTargets(doc.entity, `/${next.path}`, { defaultType: "url", rootPath: "/" })) {
        const field = "spec.target";
        if (target.status === "unsupported") {
          result.errors.push({
            repo: `${owner}/${repo}`,
            file: next.path,
            document: doc.index,
            field,
            message: `${target.target}: ${target.reason}`,
          });
        } else {
          let paths = [target.path.replace(/^\/+/, "")];
          if (target.isGlob) {
            listing ??= repoFilePaths(octokit, owner, repo, branch);
            const listed = await listing;
            if ("reason" in listed) {
              result.errors.push({
                repo: `${owner}/${repo}`,
                file: next.path,
                document: doc.index,
                field,
                message: `${target.target}: ${listed.reason}`,
              });
              continue;
            }
            const matches = picomatch(paths[0], { dot: false });
            paths = listed.paths.filter((path) => matches(path)).sort();
          }
          for (const path of paths) {
            if (seen.has(path) || isFull) continue;
            if (seen.size >= MAX_FILES) {
              result.errors.push({
                repo: `${owner}/${repo}`,
                file: next.path,
                message: `more than ${MAX_FILES} descriptor files; the rest were not read`,
              });
              isFull = true;
              continue;
            }
            seen.add(path);
            queue.push({ path, text: null });
          }
        }
      }
    }
  }
  return result;
}
