// npm run sync [-- <org>] — discover the configured GitHub organisation(s) once into the catalog
// database, print a summary; exit 0 when every sync succeeded (per-repo errors are printed),
// 1 when a sync itself failed.
import { openDatabase } from "@/db/client";
import { databaseOptionsFromEnv } from "@/lib/runtime/database-options";
import { readGithubConfig } from "@/lib/github/config";
import { runGithubSync } from "@/lib/github/run-sync";
import { runCli } from "./cli";

await runCli(async () => {
  const config = readGithubConfig();
  const database = await openDatabase(databaseOptionsFromEnv());
  try {
    console.log(
      `Syncing ${config.orgs.join(", ") || "(no GITHUB_ORG)"} from ${config.apiUrl} into ${database.location} (${config.auth.mode} auth)`,
    );
    const summaries = await runGithubSync(database.db, config, "cli", { org: process.argv[2] });
    for (const s of summaries) {
      console.log(
        `${s.org}: ${s.status} in ${(s.durationMs / 1000).toFixed(1)} s — ${s.repos} repositories, ${s.entities} entities, ${s.removed} removed; ` +
          `${s.calls} requests, ${s.notModified} answered 304, ${s.charged} counted against the rate limit, ${s.rateLimitRemaining ?? "?"} remaining`,
      );
      for (const e of s.errors.slice(0, 50)) {
        const where = [e.repo, e.file, e.document !== undefined ? `document ${e.document}` : null, e.field]
          .filter(Boolean)
          .join(" ");
        console.log(`  ! ${where ? `${where}: ` : ""}${e.message}`);
      }
      if (s.errors.length > 50) console.log(`  … and ${s.errors.length - 50} more (see Admin → GitHub)`);
    }
    return summaries.some((s) => s.status === "failed") ? 1 : 0;
  } finally {
    await database.close();
  }
});
