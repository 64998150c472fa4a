import type { Octokit } from "octokit";
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
 * Reads the descriptor at `rootPath` and every Location target it (transitively) points to inside
 * the same repository. Globs and other repositories are reported, not followed.
 */
export async function readRepoDescriptors(octokit: Octokit, owner: string, repo: string, rootPath: string): Promise<RepoDescriptors> {
  const result: RepoDescriptors = { files: null, documents: [], origins: new Map(), errors: [] };
  const root = await readRepoFile(octokit, owner, repo, rootPath);
  if (root === null) return result;
  result.files = [];
  const queue: { path: string; text: string | null }[] = [{ path: rootPath, text: root }];
  const seen = new Set([rootPath]);
  while (queue.length > 0) {
    const next = queue.shift()!;
    const text = next.text ?? (await readRepoFile(octokit, owner, repo, next.path));
    if (text === null) {
      result.errors.push({ repo: `${owner}/${repo}`, file: next.path, message: "a Location target points to a file that does not exist" });
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
          result.errors.push({ repo: `${owner}/${repo}`, file: next.path, document: doc.index, field, message: `${target.target}: ${target.reason}` });
        } else if (target.isGlob) {
          result.errors.push({ repo: `${owner}/${repo}`, file: next.path, document: doc.index, field, message: `${target.target}: glob targets are not followed; list the files` });
        } else {
          const path = target.path.replace(/^\/+/, "");
          if (seen.has(path)) continue;
          if (seen.size >= MAX_FILES) {
            result.errors.push({ repo: `${owner}/${repo}`, file: next.path, message: `more than ${MAX_FILES} descriptor files; the rest were not read` });
            break;
          }
          seen.add(path);
          queue.push({ path, text: null });
        }
      }
    }
  }
  return result;
}
