import { App, Octokit } from "octokit";
import type { DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { GithubConfig } from "./config";
import { conditionalFetch, githubFetch } from "./http-cache";
import { newRequestStats, type RequestStats } from "./request-stats";

export type GithubClient = { octokit: Octokit; stats: RequestStats; config: GithubConfig };

export type ClientOptions = {
  /** Milliseconds per second of `retry-after`; tests shrink it. */
  retryAfterBaseValue?: number;
  /** Longest wait for a primary rate-limit reset before giving up, in seconds. */
  maxRateLimitWaitSeconds?: number;
};

// Never log tokens: only the method, the path and what GitHub asked for.
const quietLog = {
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(`[portolan] github: ${message}`),
  error: (message: string) => console.error(`[portolan] github: ${message}`),
};

function octokitOptions(config: GithubConfig, db: DbOrTx, stats: RequestStats, options: ClientOptions) {
  const maxWait = options.maxRateLimitWaitSeconds ?? 300;
  return {
    baseUrl: config.apiUrl,
    log: quietLog,
    request: { fetch: conditionalFetch(db, stats, config.concurrency, githubFetch(config.apiUrl)) },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    throttle: {
      retryAfterBaseValue: options.retryAfterBaseValue ?? 1000,
      onRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        retryCount < 2 && retryAfter <= maxWait,
      onSecondaryRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        retryCount < 3 && retryAfter <= maxWait,
    },
  };
}

/**
 * An octokit for one sync or webhook job: throttling and retry plugins, conditional requests
 * through the Postgres cache, and per-run request stats. Auth by token or as a GitHub App
 * installation (given, or found for `org`).
 */
export async function createGithubClient(
  config: GithubConfig,
  db: DbOrTx,
  org: string | undefined,
  options: ClientOptions = {},
): Promise<GithubClient> {
  const stats = newRequestStats();
  const base = octokitOptions(config, db, stats, options);
  if (config.auth.mode === "token") {
    return { octokit: new Octokit({ ...base, auth: config.auth.token }), stats, config };
  }
  if (config.auth.mode === "app") {
    const app = new App({
      appId: config.auth.appId,
      privateKey: config.auth.privateKey,
      Octokit: Octokit.defaults(base),
    });
    let installationId = config.auth.installationId;
    if (!installationId) {
      if (!org)
        throw new AppError(
          "bad_request:github",
          "Set GITHUB_APP_INSTALLATION_ID or give an organisation to find the installation.",
        );
      const { data } = await app.octokit.request("GET /orgs/{org}/installation", { org });
      installationId = data.id;
    }
    return { octokit: (await app.getInstallationOctokit(installationId)) as Octokit, stats, config };
  }
  throw new AppError(
    "unavailable:github",
    "GitHub is not configured: set GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY.",
  );
}
