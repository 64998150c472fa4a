// Where a `kind: Location` points, resolved the way Backstage's LocationEntityProcessor does,
// narrowed to what a file import can follow: paths inside the checked-out repository.
import path from "node:path";
import type { Entity } from "./types";

export type LocationTarget =
  | { target: string; type: string; status: "resolved"; path: string; isGlob: boolean }
  | { target: string; type: string; status: "unsupported"; reason: string };

export type ResolveLocationOptions = {
  // Backstage lets a Location without spec.type inherit the type of the location that read it;
  // files fetched from a repository are "url" locations, hence the default.
  defaultType?: string;
  // The repository checkout. A leading "/" in a url target means its root (as Backstage's SCM
  // integrations read it), and nothing may resolve outside it.
  rootPath?: string;
};

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const GLOB = /[*?[\]{}]/;

function targetsOf(spec: Record<string, unknown>): string[] {
  const targets: string[] = [];
  if (typeof spec.target === "string" && spec.target) targets.push(spec.target);
  if (Array.isArray(spec.targets)) {
    for (const item of spec.targets) if (typeof item === "string" && item) targets.push(item);
  }
  return targets;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.posix.relative(root, candidate);
  return relative === "" || (!relative.startsWith("..") && !path.posix.isAbsolute(relative));
}

// Returns an absolute path, or the reason the target cannot be followed from a file.
function resolveOne(target: string, type: string, baseDir: string, rootPath?: string): string | { reason: string } {
  if (ABSOLUTE_URL.test(target)) {
    return { reason: "absolute URLs are not followed by a file import; register that repository or URL instead" };
  }
  if (type === "url") {
    if (!target.startsWith("/")) return path.posix.resolve(baseDir, target);
    if (!rootPath)
      return { reason: "a target starting with / is relative to the repository root, which was not given" };
    return path.posix.join(rootPath, target);
  }
  if (type === "file") {
    // Backstage resolves file targets relative to the Location only when they start with ".";
    // anything else is a path on the Backstage host, which an imported repository may not reach.
    if (target.startsWith(".")) return path.posix.resolve(baseDir, target);
    return { reason: 'file targets must be relative and start with "." (e.g. ./catalog-info.yaml)' };
  }
  return { reason: `location type "${type}" cannot be followed by a file import` };
}

/**
 * The targets of a Location entity (`spec.target` first, then `spec.targets`), with relative ones
 * resolved against `basePath`, the path of the file the Location was read from (a path ending in
 * "/" is taken as its directory). Other kinds have no targets.
 */
export function resolveLocationTargets(
  entity: Entity,
  basePath: string,
  options: ResolveLocationOptions = {},
): LocationTarget[] {
  if (entity.kind !== "Location" || !entity.spec) return [];
  const spec = entity.spec;
  const type = typeof spec.type === "string" && spec.type ? spec.type : (options.defaultType ?? "url");
  const baseDir = basePath.endsWith("/") ? basePath : path.posix.dirname(basePath);
  const root = options.rootPath ? path.posix.resolve(options.rootPath) : undefined;

  return targetsOf(spec).map((target): LocationTarget => {
    const resolved = resolveOne(target, type, baseDir, root);
    if (typeof resolved !== "string") return { target, type, status: "unsupported", reason: resolved.reason };
    if (root && !isInside(root, resolved)) {
      return { target, type, status: "unsupported", reason: "points outside the repository" };
    }
    return { target, type, status: "resolved", path: resolved, isGlob: GLOB.test(target) };
  });
}
