// Where a service's code comes from for a preview: the component's `portolan.dev/git-url` annotation
// (any https, http or file git URL), else the GitHub repository it maps to (`github.com/project-slug`),
// cloned with the worker's GitHub token or App installation token. A `file://` URL names a path on the
// portal's own machine, so it is honoured only from a component in a trusted location (written by an
// admin or the system): a developer's import cannot make the server read other repositories on its disk.
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities, locations } from "@/db/schema";
import { repositoryOf as githubRepositoryOf } from "@/lib/catalog/repository-of";
import { originRule } from "@/lib/egress";
import { createGithubClient } from "@/lib/github/client";
import { readGithubConfig } from "@/lib/github/config";
import type { GitRemote } from "./git";

export const ANNOTATIONS = {
  gitUrl: "portolan.dev/git-url",
  dockerfile: "portolan.dev/dockerfile",
  previewPort: "portolan.dev/preview-port",
  previewCommand: "portolan.dev/preview-command",
  compose: "portolan.dev/compose-file",
  seed: "portolan.dev/database-seed",
  terraform: "portolan.dev/terraform-module",
  healthPath: "portolan.dev/health-path",
  projectSlug: "github.com/project-slug",
} as const;

export type ComponentSource = {
  annotations: Record<string, string>;
  trusted: boolean;
};

/** A component's annotations and whether its location is trusted; null when there is no such entity. */
export async function componentSource(db: DbOrTx, ref: string): Promise<ComponentSource | null> {
  const [row] = await db
    .select({
      annotations: sql<Record<string, unknown> | null>`${entities.body}->'metadata'->'annotations'`,
      trusted: locations.trusted,
    })
    .from(entities)
    .leftJoin(locations, eq(locations.id, entities.locationId))
    .where(eq(entities.ref, ref.toLowerCase()));
  if (!row) return null;
  const annotations = Object.fromEntries(
    Object.entries(row.annotations ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  return { annotations, trusted: Boolean(row.trusted) };
}

export type ResolvedRepository = { remote: GitRemote; source: "git" | "github"; display: string };

/** The git remote behind a git URL: refuses other transports and URLs with credentials in them. */
export function gitUrlRemote(text: string, options: { allowFile: boolean }): GitRemote {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${JSON.stringify(text)} is not a URL (use https://…, http://… or file:///path)`);
  }
  if (!["https:", "http:", "file:"].includes(url.protocol))
    throw new Error(`git URLs must be https, http or file (got ${url.protocol.replace(/:$/, "")})`);
  if (url.username || url.password) throw new Error("put no credentials in a git URL; the portal adds GitHub's itself");
  if (url.protocol === "file:" && !options.allowFile)
    throw new Error(
      "a file:// git URL is honoured only for components in a trusted location (imported by an admin or the system)",
    );
  return { url: url.href };
}

/** The web address of a GitHub repository from the API URL (github.com, or a GitHub Enterprise Server). */
export function githubCloneUrl(apiUrl: string, slug: string): string {
  const api = new URL(apiUrl);
  const base = api.hostname === "api.github.com" ? "https://github.com" : `${api.protocol}//${api.host}`;
  return `${base}/${slug}.git`;
}

/** The repository of a component (git URL annotation, else GitHub), with credentials where needed. */
export async function repositoryOf(
  db: DbOrTx,
  component: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedRepository> {
  const found = await componentSource(db, component);
  if (!found) throw new Error(`there is no component ${component} in the catalog`);
  const gitUrl = found.annotations[ANNOTATIONS.gitUrl];
  if (gitUrl) {
    const remote = gitUrlRemote(gitUrl, { allowFile: found.trusted });
    return { remote, source: "git", display: gitUrl };
  }
  // The GitHub repository: its project-slug annotation, or the repository it was registered from.
  const slug = await githubRepositoryOf(db, component.toLowerCase());
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(slug ?? "");
  if (!match)
    throw new Error(
      `${component} names no repository: add a ${ANNOTATIONS.gitUrl} or ${ANNOTATIONS.projectSlug} annotation`,
    );
  const config = readGithubConfig(env);
  if (config.auth.mode === "none")
    throw new Error(`${component} is on GitHub (${slug}), but GitHub is not configured on this worker`);
  const url = githubCloneUrl(config.apiUrl, slug!);
  const allow = config.apiUrl === "https://api.github.com" ? [] : [originRule(url)].filter((r) => r !== null);
  return {
    remote: { url, authorization: await githubAuthorization(db, config, match[1]), allow },
    source: "github",
    display: slug!,
  };
}

/** Basic auth with a token (a personal token, or an App installation's short-lived one), as git over https wants. */
async function githubAuthorization(db: DbOrTx, config: ReturnType<typeof readGithubConfig>, owner: string) {
  let token: string;
  if (config.auth.mode === "token") token = config.auth.token;
  else {
    const { octokit } = await createGithubClient(config, db, owner, { maxRateLimitWaitSeconds: 5 });
    token = ((await octokit.auth({ type: "installation" })) as { token: string }).token;
  }
  return `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
}
