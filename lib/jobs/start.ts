import type { Database } from "@/db/client";
import type { EnqueueOptions } from "./define-job";
import { getDatabase } from "@/lib/runtime/database";
import { JOBS, schedulesFromEnv } from "./registry";
import { currentQueue, startWorker, type Queue } from "./queue";

/** The app's and `npm run worker`'s queue: all registered jobs and the configured schedules. */
export function startPortolanQueue(database: Database, options: { work?: boolean } = {}): Promise<Queue> {
  return startWorker(database, { jobs: JOBS, schedules: schedulesFromEnv(), work: options.work });
}

/** Sends a job through this process's queue (started by instrumentation or the worker). */
export async function enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<string | null> {
  // An app replica beside separate workers (PORTOLAN_WORKER=false) only sends.
  const queue = await (currentQueue() ?? startPortolanQueue(await getDatabase(), { work: process.env.PORTOLAN_WORKER !== "false" }));
  return queue.enqueue(name, payload, options);
}
