// Runs once per server process: say how to sign in (setup link / development sign-in warning) and
// start the job queue (and its in-process worker) beside the app.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // A refused setting stops the server at start with what to fix, rather than failing requests later.
  const { checkSettingsOrExit } = await import("@/lib/runtime/settings");
  checkSettingsOrExit();
  // Traces (requests, queries, jobs, outbound calls) when OTEL_EXPORTER_OTLP_* is set; off otherwise.
  const { startTracing } = await import("@/lib/observability/tracing");
  startTracing();
  const { getDatabase } = await import("@/lib/server/database");
  const { isDevLoginEnabled, isFirstWorker, publicUrl } = await import("@/lib/runtime/config");
  const { startupNotice } = await import("@/lib/auth/startup-notice");
  try {
    // Opens (and migrates) the database before the app serves. Under the launcher's workers the first
    // one is started alone and the others once it is ready, so migrations never race.
    const database = await getDatabase();
    // One setup link for the whole launcher: a new one withdraws the previous.
    const notice = isFirstWorker()
      ? await startupNotice(database.db, {
          devLogin: isDevLoginEnabled(),
          underLauncher: process.env.PORTOLAN_LAUNCHER === "1",
          publicUrl: publicUrl(),
        })
      : null;
    if (notice) console[notice.level](notice.text);
  } catch (error) {
    console.error("[portolan] could not prepare sign-in:", error instanceof Error ? error.message : error);
  }
  if (process.env.PORTOLAN_QUEUE === "false") return;
  const { startPortolanQueue } = await import("@/lib/server/start");
  try {
    // PORTOLAN_WORKER=false: this replica only enqueues; `npm run worker` processes do the work.
    await startPortolanQueue(await getDatabase(), { work: process.env.PORTOLAN_WORKER !== "false" });
  } catch (error) {
    console.error("[portolan] the job queue did not start:", error instanceof Error ? error.message : error);
  }
}
