// GitHub settings, read from the environment the same way by the app, the worker and `npm run sync`.
import { setting } from "@/lib/runtime/settings";

export type GithubAuthConfig =
  | { mode: "token"; token: string }
  | { mode: "app"; appId: string; privateKey: string; installationId?: number }
  | { mode: "none" };

export type GithubConfig = {
  apiUrl: string;
  orgs: string[];
  auth: GithubAuthConfig;
  webhookSecret: string | null;
  catalogPath: string;
  includeArchived: boolean;
  includeForks: boolean;
  syncInterval: string;
  concurrency: number;
};

const isTrue = (value: string | undefined) => /^(1|true|yes)$/i.test(value ?? "");

export function readGithubConfig(env: NodeJS.ProcessEnv = process.env): GithubConfig {
  const auth: GithubAuthConfig = env.GITHUB_TOKEN
    ? { mode: "token", token: env.GITHUB_TOKEN }
    : env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY
      ? {
          mode: "app",
          appId: env.GITHUB_APP_ID,
          // Keys pasted into env files often carry literal "\n".
          privateKey: env.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, "\n"),
          installationId: env.GITHUB_APP_INSTALLATION_ID ? setting("githubAppInstallationId", env) : undefined,
        }
      : { mode: "none" };
  return {
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    orgs: (env.GITHUB_ORG ?? "")
      .split(",")
      .map((org) => org.trim())
      .filter(Boolean),
    auth,
    webhookSecret: env.GITHUB_WEBHOOK_SECRET || null,
    catalogPath: (env.GITHUB_CATALOG_PATH || "catalog-info.yaml").replace(/^\/+/, ""),
    includeArchived: isTrue(env.GITHUB_INCLUDE_ARCHIVED),
    includeForks: isTrue(env.GITHUB_INCLUDE_FORKS),
    syncInterval: env.GITHUB_SYNC_INTERVAL || "15",
    concurrency: setting("githubConcurrency", env),
  };
}

export function isGithubSyncConfigured(config: GithubConfig): boolean {
  return config.orgs.length > 0 && config.auth.mode !== "none";
}
