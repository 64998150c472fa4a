import { PgBoss, fromPglite } from "pg-boss";
import type { Database } from "@/db/client";
import type { Enqueue, JobDefinition, JobSchedule } from "./define-job";

export type Queue = { boss: PgBoss; enqueue: Enqueue; stop: () => Promise<void> };
type Holder = { __portolanQueue?: Promise<Queue> };
const holder = globalThis as Holder;

function createBoss(database: Database, options: { schedule: boolean; supervise: boolean }): PgBoss {
  const common = { schema: "pgboss", schedule: options.schedule, supervise: options.supervise, migrate: true };
  const boss = database.driver.pglite
    ? new PgBoss({ ...common, db: fromPglite(database.driver.pglite), backend: "pglite" })
    : // pg-boss keeps its own small pool on the same server (it needs LISTEN and session state).
      new PgBoss({ ...common, connectionString: connectionStringOf(database), max: 4 });
  boss.on("error", (error) => console.error("[portolan] job queue:", error.message));
  return boss;
}

function connectionStringOf(database: Database): string {
  const options = (database.driver.pool as unknown as { options: { connectionString?: string } }).options;
  if (!options.connectionString) throw new Error("The job queue needs the database's connection string.");
  return options.connectionString;
}

export type StartOptions = {
  jobs: JobDefinition[];
  schedules?: JobSchedule[];
  /** false: only send jobs from this process (an app replica beside separate workers). */
  work?: boolean;
};

/**
 * Starts the Postgres-backed queue on either driver and, unless told not to, works every
 * registered job here. One per process: a second call returns the running queue.
 */
export function startWorker(database: Database, options: StartOptions): Promise<Queue> {
  holder.__portolanQueue ??= start(database, options).catch((error) => {
    holder.__portolanQueue = undefined;
    throw error;
  });
  return holder.__portolanQueue;
}

async function start(database: Database, options: StartOptions): Promise<Queue> {
  const work = options.work ?? true;
  const boss = createBoss(database, { schedule: work, supervise: work });
  await boss.start();
  const enqueue: Enqueue = async (name, payload, sendOptions) => {
    const job = options.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`Unknown job "${name}"`);
    const data = job.schema.parse(payload) as object;
    return boss.send(name, data, { singletonKey: sendOptions?.singletonKey, retryLimit: job.retryLimit ?? 2 });
  };
  for (const job of options.jobs) {
    await boss.createQueue(job.name);
    if (!work) continue;
    await boss.work(
      job.name,
      { pollingIntervalSeconds: job.pollingIntervalSeconds ?? 2, batchSize: 1, localConcurrency: job.concurrency ?? 1 },
      async ([raw]) => {
        const payload = job.schema.parse(raw.data);
        return job.handle(payload, { database, jobId: raw.id, enqueue });
      },
    );
  }
  if (work) {
    const schedules = options.schedules ?? [];
    for (const schedule of schedules) await boss.schedule(schedule.name, schedule.cron, schedule.payload ?? {});
    // Schedules live in the database: drop the ones configuration no longer asks for.
    for (const job of options.jobs) {
      if (!schedules.some((s) => s.name === job.name)) await boss.unschedule(job.name).catch(() => {});
    }
  }
  const queue: Queue = {
    boss,
    enqueue,
    stop: async () => {
      holder.__portolanQueue = undefined;
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
  return queue;
}

/** The running queue of this process, if any. */
export function currentQueue(): Promise<Queue> | undefined {
  return holder.__portolanQueue;
}
