import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { checkout, checkRef } from "@/lib/previews/git";
import { ANNOTATIONS, componentSource, gitUrlRemote, repositoryOf } from "@/lib/previews/repository-source";
import { freshDir, removeInside } from "@/lib/previews/workspace";
import { defineAction } from "./types";

/** The annotations a checkout passes on as outputs, so later steps can use the repository's own settings. */
const PASSED_ON = {
  dockerfile: ANNOTATIONS.dockerfile,
  previewPort: ANNOTATIONS.previewPort,
  previewCommand: ANNOTATIONS.previewCommand,
  composeFile: ANNOTATIONS.compose,
  databaseSeed: ANNOTATIONS.seed,
  terraformModule: ANNOTATIONS.terraform,
  healthPath: ANNOTATIONS.healthPath,
} as const;

/** A Procfile's `web:` line, the start command many platforms read. */
function procfileWeb(dir: string): string | null {
  try {
    const line = fs
      .readFileSync(path.join(dir, "Procfile"), "utf8")
      .split("\n")
      .find((l) => l.startsWith("web:"));
    return line ? line.slice(4).trim() || null : null;
  } catch {
    return null;
  }
}

export const gitCheckout = defineAction({
  id: "git:checkout",
  description:
    "Checks a service's repository out at a branch or commit into a work directory of this run (shallow, cached per repository); removed at teardown.",
  schema: z
    .object({
      /** The catalog component whose repository to check out (portolan.dev/git-url, else GitHub). */
      component: z.string().min(1).optional(),
      /** Or a git URL directly (https, http, file). */
      url: z.string().min(1).optional(),
      ref: z.string().min(1).max(200).default("main"),
      timeoutSeconds: z.coerce.number().positive().max(3600).default(300),
    })
    .refine((i) => Boolean(i.component) !== Boolean(i.url), "give either component or url"),
  declaredOutputs: () => ["path", "commit", "ref", "repository", "source", ...Object.keys(PASSED_ON)],
  run: async ({ input, runId, stepId, database, log, signal, setResources }) => {
    checkRef(input.ref);
    const repository = input.component
      ? await repositoryOf(database.db, input.component)
      : { remote: gitUrlRemote(input.url!, { allowFile: true }), source: "git" as const, display: input.url! };
    const dir = freshDir("work", runId, stepId);
    await setResources({ dir });
    await log(`checking out ${repository.display} at ${input.ref}`);
    const timeout = AbortSignal.timeout(input.timeoutSeconds * 1000);
    const { commit } = await checkout(repository.remote, input.ref, dir, {
      signal: AbortSignal.any([signal, timeout]),
      onLine: (line) => void log(line.slice(0, 500)).catch(() => {}),
    });
    await log(`checked out ${commit.slice(0, 12)} into the run's work directory`);
    const annotations = input.component
      ? ((await componentSource(database.db, input.component))?.annotations ?? {})
      : {};
    const passed: Record<string, string | null> = Object.fromEntries(
      Object.entries(PASSED_ON).map(([key, name]) => [key, annotations[name] ?? null]),
    );
    passed.previewCommand ??= procfileWeb(dir);
    passed.healthPath = passed.healthPath?.startsWith("/") ? passed.healthPath : "/";
    return { path: dir, commit, ref: input.ref, repository: repository.display, source: repository.source, ...passed };
  },
  teardown: async ({ resources, log }) => {
    const dir = typeof resources?.dir === "string" ? resources.dir : null;
    if (removeInside(dir)) await log("removed the work directory");
  },
});
