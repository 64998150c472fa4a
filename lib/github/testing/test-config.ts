import { readGithubConfig, type GithubConfig } from "../config";
import type { FakeGithub } from "./fake-github-server";

/** The configuration a deployment would have, pointed at the fake server. */
export function configFor(fake: FakeGithub, env: Record<string, string> = {}): GithubConfig {
  return readGithubConfig({
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: fake.token,
    GITHUB_ORG: fake.org.login,
    GITHUB_WEBHOOK_SECRET: "s3cret",
    ...env,
  } as unknown as NodeJS.ProcessEnv);
}
