// GitHub sync benchmark: a synthetic organisation of 1,000 repositories on the local GitHub-speaking
// server; a full sync, then an unchanged re-sync that should cost (almost) nothing.
import type { Database } from "@/db/client";
import { readNumber } from "@/lib/runtime/settings";
import { readGithubConfig } from "@/lib/github/config";
import { runGithubSync } from "@/lib/github/run-sync";
import { startFakeGithub } from "@/lib/github/testing/fake-github-server";
import { syntheticOrg } from "@/lib/github/testing/fixture-org";

export async function benchGithub(
  database: Database,
  repos = readNumber({
    name: "BENCH_GITHUB_REPOS",
    default: 1000,
    min: 1,
    max: 100_000,
    integer: true,
    outOfRange: "refuse",
  }),
): Promise<void> {
  const fake = await startFakeGithub({ org: syntheticOrg(repos) });
  // A GitHub App installation's or GitHub Enterprise Cloud's hourly quota (a token gets 5,000).
  fake.rateLimit.limit = fake.rateLimit.remaining = 15_000;
  try {
    const config = readGithubConfig({
      GITHUB_API_URL: fake.url,
      GITHUB_TOKEN: fake.token,
      GITHUB_ORG: fake.org.login,
    } as unknown as NodeJS.ProcessEnv);
    console.log(
      `\n== GitHub sync (${database.kind}): ${repos} repositories, ${config.concurrency} requests at a time ==`,
    );
    const [full] = await runGithubSync(database.db, config, "bench");
    const fullCharged = fake.rateLimit.limit - fake.rateLimit.remaining;
    console.log(
      `full sync: ${(full.durationMs / 1000).toFixed(1)} s, ${full.status}, ${full.entities} entities, ${full.calls} requests (${fullCharged} counted against the rate limit)` +
        (full.errors.length ? `, ${full.errors.length} errors (first: ${full.errors[0].message})` : ""),
    );
    const before = fake.rateLimit.remaining;
    const [again] = await runGithubSync(database.db, config, "bench");
    const charged = before - fake.rateLimit.remaining;
    console.log(
      `unchanged re-sync: ${(again.durationMs / 1000).toFixed(1)} s, ${again.calls} requests, ${again.notModified} answered 304, ${charged} counted against the rate limit${charged === 0 ? "  ✔ 0" : "  ✖ goal 0"}`,
    );
  } finally {
    await fake.close();
  }
}
