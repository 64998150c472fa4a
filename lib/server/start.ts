import type { Database } from "@/db/client";
import type { EnqueueOptions } from "@/lib/jobs/define-job";
import { AppError } from "@/lib/errors";
import { getDatabase } from "@/lib/server/database";
import { JOBS, schedulesFromEnv } from "./registry";
import { currentQueue, startWorker, type Queue } from "@/lib/jobs/queue";

/** The app's and `npm run worker`'s queue: all registered jobs and the configured schedules. */
export function startPortolanQueue(database: Database, options: { work?: boolean } = {}): Promise<Queue> {
  return startWorker(database, { jobs: JOBS, schedules: schedulesFromEnv(), work: options.work });
}

/** Sends a job through this process's queue (started by instrumentation or the worker). */
export async function enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<string | null> {
  let running = currentQueue();
  if (!running) {
    const database = await getDatabase();
    // Starting the queue needs the database; inside a transaction on the embedded database that
    // connection is the transaction's, so refuse (the transaction rolls back) instead of waiting forever.
    if (options?.tx && database.kind === "embedded") {
      throw new AppError(
        "unavailable:queue",
        "The job queue is not running in this process (PORTOLAN_QUEUE=false, or it failed to start: see the server log), so nothing was started; restart the portal with the queue on.",
      );
    }
    // An app replica beside separate workers (PORTOLAN_WORKER=false) only sends.
    running = startPortolanQueue(database, { work: process.env.PORTOLAN_WORKER !== "false" });
  }
  return (await running).enqueue(name, payload, options);
}
