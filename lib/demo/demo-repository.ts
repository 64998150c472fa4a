// The demo organisation's real service: a small git repository made on this machine at first start
// (under the data directory), so a preview runs a branch's own code with no network at all. `main`
// serves payments; `feature/refunds` changes the page and adds an endpoint and a table. People may
// commit branches of their own to it and preview them.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { git } from "@/lib/previews/git";

const SOURCE = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "demo", "repository");
export const DEMO_REPOSITORY = "payments";
/** In the demo's descriptors, replaced by the repositories' file:// URL when they are imported. */
export const DEMO_REPOS_PLACEHOLDER = "{{demo-repos}}";

const IDENTITY = {
  GIT_AUTHOR_NAME: "Acme Travel",
  GIT_AUTHOR_EMAIL: "dev@acme-travel.example",
  GIT_COMMITTER_NAME: "Acme Travel",
  GIT_COMMITTER_EMAIL: "dev@acme-travel.example",
};

export function demoReposDir(dataDir: string): string {
  return path.resolve(dataDir, "demo-repos");
}

export function demoReposUrl(dataDir: string): string {
  return pathToFileURL(demoReposDir(dataDir)).href;
}

/** Makes the demo repository unless it is there already; returns its path. */
export async function ensureDemoRepository(dataDir: string): Promise<string> {
  const dir = path.join(demoReposDir(dataDir), DEMO_REPOSITORY);
  if (fs.existsSync(path.join(dir, ".git"))) return dir;
  const building = `${dir}.partial`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  const run = (args: string[]) => git(args, { cwd: building, env: IDENTITY });
  await run(["init", "--quiet", "--initial-branch=main"]);
  fs.cpSync(path.join(SOURCE, "main"), building, { recursive: true });
  await run(["add", "--all"]);
  await run(["commit", "--quiet", "-m", "Payments service: page, JSON endpoint, health, seed data"]);
  await run(["checkout", "--quiet", "-b", "feature/refunds"]);
  fs.cpSync(path.join(SOURCE, "feature"), building, { recursive: true });
  await run(["add", "--all"]);
  await run(["commit", "--quiet", "-m", "Refunds: listed on the page with their reason, GET /api/refunds"]);
  await run(["checkout", "--quiet", "main"]);
  fs.renameSync(building, dir);
  return dir;
}
