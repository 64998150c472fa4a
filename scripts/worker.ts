// npm run worker — a separate job worker over the shared PostgreSQL (DATABASE_URL). The embedded
// database has a single owner (the app, which runs the worker in-process), so it is refused here.
import { openDatabase } from "@/db/client";
import { databaseOptionsFromEnv } from "@/lib/runtime/database-options";
import { startPortolanQueue } from "@/lib/server/start";
import { JOBS } from "@/lib/server/registry";
import { SettingError } from "@/lib/runtime/settings";
import { flushTracing, startTracing } from "@/lib/observability/tracing";

if (!process.env.DATABASE_URL) {
  console.error(
    "error: npm run worker needs DATABASE_URL (a shared PostgreSQL); with the embedded database the app runs the worker itself.",
  );
  process.exit(2);
}
// Traces of jobs, queries and outbound calls when OTEL_EXPORTER_OTLP_* is set.
startTracing();
const database = await openDatabase(
  (() => {
    try {
      return databaseOptionsFromEnv();
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      console.error(`error: ${error.message}`);
      process.exit(2);
    }
  })(),
);
const queue = await startPortolanQueue(database);
console.log(`[portolan] worker ready on ${database.location}: ${JOBS.map((j) => j.name).join(", ")}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[portolan] worker stopping (${signal})`);
  await queue.stop();
  await database.close();
  await flushTracing();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
