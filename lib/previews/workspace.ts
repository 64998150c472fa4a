// Where previews keep files on the worker's machine: per-run checkouts, the per-repository git cache
// and the database sockets, all under one root in the data directory. Paths a template hands to an
// action (a build context, a socket directory) must resolve inside this root, so a template can never
// point the server at another file on the machine.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function previewsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(
    /*turbopackIgnore: true*/ env.PORTOLAN_PREVIEWS_DIR || path.join(env.PORTOLAN_DATA_DIR || ".data", "previews"),
  );
}

/** A short, stable name for a run's step (unix socket paths are limited to 107 bytes). */
export function stepKey(runId: string, stepId: string): string {
  return createHash("sha256").update(`${runId}/${stepId}`).digest("hex").slice(0, 16);
}

/** A directory of this root for a run's step, created empty. */
export function freshDir(kind: "work" | "db" | "tf", runId: string, stepId: string): string {
  const dir = path.join(previewsRoot(), kind, stepKey(runId, stepId));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Removes a directory of this root (and nothing outside it). */
export function removeInside(dir: string | null | undefined): boolean {
  if (!dir || !isInside(dir)) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  return true;
}

/** Whether a path is (after following links) inside the previews root. */
export function isInside(target: string, root = previewsRoot()): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const base = real(root);
  const resolved = real(target);
  return resolved !== base && resolved.startsWith(base + path.sep);
}

/** A path inside a checkout (a Dockerfile, a module, a seed file): relative, no `..`, no link out of it. */
export function pathInside(base: string, relative: string, what: string): string {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes(".."))
    throw new Error(`${what} must be a path inside the repository (got ${JSON.stringify(relative)})`);
  const full = path.resolve(base, relative);
  if (!isInside(full, base) && path.resolve(full) !== path.resolve(base))
    throw new Error(`${what} leads outside the repository (a link?): ${JSON.stringify(relative)}`);
  return full;
}
