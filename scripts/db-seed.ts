// npm run db:seed — import the demo organisation into the configured database.
import { openDatabase } from "@/db/client";
import { databaseOptionsFromEnv } from "@/lib/runtime/database-options";
import { seedDemo } from "@/lib/demo/seed-demo";
import { isDevLoginEnabled } from "@/lib/runtime/config";
import { runCli } from "./cli";

await runCli(async () => {
  const database = await openDatabase(databaseOptionsFromEnv());
  try {
    // Password-less demo accounts only for a development portal (PORTOLAN_DEV_LOGIN=true).
    const summary = await seedDemo(database.db, { accounts: isDevLoginEnabled() });
    console.log(
      `Seeded the demo organisation into ${database.location}: ${summary.entities} entities from ${summary.files} files, ${summary.users} users.`,
    );
    return summary.invalid > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
});
