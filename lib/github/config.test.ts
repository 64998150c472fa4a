import { describe, expect, it } from "vitest";
import { isGithubSyncConfigured, readGithubConfig } from "./config";
import { describeGithubConfig } from "./queries";

const env = (values: Record<string, string>) => values as unknown as NodeJS.ProcessEnv;

describe("readGithubConfig", () => {
  it("defaults to api.github.com, splits organisations and keeps GHES base paths", () => {
    expect(readGithubConfig(env({})).apiUrl).toBe("https://api.github.com");
    const config = readGithubConfig(
      env({ GITHUB_API_URL: "https://ghe.example.com/api/v3/", GITHUB_ORG: " acme, beta ,", GITHUB_TOKEN: "t" }),
    );
    expect(config.apiUrl).toBe("https://ghe.example.com/api/v3");
    expect(config.orgs).toEqual(["acme", "beta"]);
    expect(isGithubSyncConfigured(config)).toBe(true);
    expect(config.catalogPath).toBe("catalog-info.yaml");
  });

  it("prefers a token, else a GitHub App with its key's escaped newlines restored", () => {
    const app = readGithubConfig(
      env({ GITHUB_APP_ID: "12", GITHUB_APP_PRIVATE_KEY: "-----BEGIN-----\\nabc\\n-----END-----", GITHUB_ORG: "acme" }),
    );
    expect(app.auth).toEqual({
      mode: "app",
      appId: "12",
      privateKey: "-----BEGIN-----\nabc\n-----END-----",
      installationId: undefined,
    });
    expect(readGithubConfig(env({ GITHUB_ORG: "acme" })).auth.mode).toBe("none");
    expect(isGithubSyncConfigured(readGithubConfig(env({ GITHUB_ORG: "acme" })))).toBe(false);
  });

  it("never exposes secrets in what the Admin page shows", () => {
    const shown = JSON.stringify(
      describeGithubConfig(
        readGithubConfig(env({ GITHUB_TOKEN: "ghp_secret", GITHUB_WEBHOOK_SECRET: "hook-secret", GITHUB_ORG: "acme" })),
      ),
    );
    expect(shown).not.toContain("ghp_secret");
    expect(shown).not.toContain("hook-secret");
    expect(shown).toContain('"isWebhookSecretSet":true');
  });
});
