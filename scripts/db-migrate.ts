// npm run db:migrate — apply pending migrations to the configured database and exit.
import { openDatabase } from "@/db/client";
import { databaseOptionsFromEnv } from "@/lib/runtime/database-options";
import { runCli } from "./cli";

await runCli(async () => {
  const database = await openDatabase(databaseOptionsFromEnv());
  console.log(`Migrations applied to the ${database.kind} database at ${database.location}.`);
  await database.close();
  return 0;
});
