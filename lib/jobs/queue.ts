import { traceJob } from "@/lib/observability/request";
import { PgBoss, fromPglite } from "pg-boss";
import { fromPlaceholders, pgConnectionOptions, queryRows, type Database } from "@/db/client";
import type { Enqueue, JobDefinition, JobSchedule } from "./define-job";

export type Queue = { boss: PgBoss; enqueue: Enqueue; stop: () => Promise<void> };
type Holder = { __portolanQueue?: Promise<Queue> };
const holder = globalThis as Holder;

function createBoss(database: Database, options: { schedule: boolean; supervise: boolean }): PgBoss {
  // LISTEN/NOTIFY wakes a worker the moment a job lands on a queue that opted in (`notify`).
  const common = {
    schema: "pgboss",
    schedule: options.schedule,
    supervise: options.supervise,
    migrate: true,
    useListenNotify: true,
  };
  const boss = database.driver.pglite
    ? new PgBoss({ ...common, db: fromPglite(database.driver.pglite), backend: "pglite" })
    : // pg-boss keeps its own small pool on the same server (it needs LISTEN and session state), with
      // the app pool's deadlines; it replaces dropped connections and re-LISTENs after a restart.
      new PgBoss({
        ...common,
        connectionString: connectionStringOf(database),
        ...pgConnectionOptions(database.driver.settings),
        max: 4,
      });
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
    const tx = sendOptions?.tx;
    return boss.send(name, data, {
      singletonKey: sendOptions?.singletonKey,
      retryLimit: job.retryLimit ?? 2,
      ...(job.retryDelaySeconds !== undefined ? { retryDelay: job.retryDelaySeconds } : {}),
      ...(job.retryBackoff ? { retryBackoff: true } : {}),
      // pg-boss writes the job with the caller's transaction (its NOTIFY is delivered on commit).
      ...(tx
        ? {
            db: {
              executeSql: async (text: string, values?: unknown[]) => ({
                rows: await queryRows(tx, fromPlaceholders(text, values)),
              }),
            },
          }
        : {}),
    });
  };
  for (const job of options.jobs) {
    const policy = job.mergeWaiting ? "short" : "standard";
    // A queue's policy is fixed when it is created: the working process replaces one created with
    // another (its waiting jobs go: only jobs that tolerate that, like probe requests, merge).
    const existing = await boss.getQueue(job.name);
    if (work && existing && existing.policy !== policy) await boss.deleteQueue(job.name);
    await boss.createQueue(job.name, { notify: job.notify ?? false, policy });
    // createQueue leaves an existing queue as it was.
    if ((await boss.getQueue(job.name))?.notify !== (job.notify ?? false))
      await boss.updateQueue(job.name, { notify: job.notify ?? false });
    // pg-boss looks a queue up on its first use. A send inside the caller's transaction must not be
    // that first use: on the embedded database the transaction holds the one connection the lookup
    // needs, and both would wait forever. A read by id is the side-effect-free first use.
    await boss.getJobById(job.name, "00000000-0000-0000-0000-000000000000");
    if (!work) continue;
    const pollingIntervalSeconds = job.pollingIntervalSeconds ?? 2;
    const batchSize = job.batchSize ?? 1;
    await boss.work(
      job.name,
      // With notify, polling stays at the same interval as a floor rather than pg-boss's relaxed 30 s.
      {
        pollingIntervalSeconds,
        notifyPollingIntervalSeconds: pollingIntervalSeconds,
        batchSize,
        burstWhenBatchFull: batchSize > 1,
        localConcurrency: job.concurrency ?? 1,
      },
      async (jobs) => {
        const results = await Promise.allSettled(
          jobs.map((raw) =>
            traceJob(job.name, raw.id, () =>
              job.handle(job.schema.parse(raw.data), { database, jobId: raw.id, enqueue }),
            ),
          ),
        );
        const failed = results.find((r) => r.status === "rejected");
        if (failed) throw failed.reason;
        return batchSize === 1 && results[0].status === "fulfilled" ? results[0].value : undefined;
      },
    );
  }
  if (work) {
    for (const job of options.jobs) {
      await job
        .onWorkerStart?.({ database, enqueue })
        .catch((error) =>
          console.error(
            `[portolan] ${job.name}: start-up work failed:`,
            error instanceof Error ? error.message : error,
          ),
        );
    }
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
      if (work) await Promise.all(options.jobs.map((j) => j.drain?.(10_000)));
    },
  };
  return queue;
}

/** The running queue of this process, if any. */
export function currentQueue(): Promise<Queue> | undefined {
  return holder.__portolanQueue;
}
