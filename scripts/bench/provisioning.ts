// Provisioning benchmarks: click → ready for the local preview template (goal ≤ 3 s), and 200 no-op
// runs submitted at once to 2 worker processes: throughput and submit → first step p95 (goal ≤ 500 ms).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { readNumber } from "@/lib/runtime/settings";
import { provisioningRuns, selfServiceEnvironments } from "@/db/schema";
import { startWorker } from "@/lib/jobs/queue";
import { requestDestroy } from "@/lib/provisioning/self-service-lifecycle";
import { createRun } from "@/lib/provisioning/create-run";
import { PROVISIONING_JOBS } from "@/lib/provisioning/jobs";
import { testActor } from "@/lib/provisioning/testing";
import { formatSummary, summarise } from "./stats";

function restoreEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

async function until<T>(read: () => Promise<T | null>, ms = 60_000, every = 20): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, every));
  }
}

async function clickToReady(database: Database, samples: number) {
  const prior = process.env.PORTOLAN_LOCAL_ACTIONS;
  process.env.PORTOLAN_LOCAL_ACTIONS = "true";
  const queue = await startWorker(database, { jobs: PROVISIONING_JOBS });
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const actor = testActor(`bench-${i}`);
      const started = performance.now();
      const run = await createRun(
        database.db,
        actor,
        { template: "local-preview", parameters: { component: "component:default/bench", branch: `bench-${i}` } },
        { enqueue: queue.enqueue },
      );
      const env = await until(async () => {
        const [row] = await database.db
          .select()
          .from(selfServiceEnvironments)
          .where(eq(selfServiceEnvironments.id, run.environmentId));
        if (row.status === "failed") throw new Error(row.failureReason ?? "failed");
        return row.status === "ready" ? row : null;
      });
      times.push(performance.now() - started);
      await requestDestroy(database.db, actor, env.id, { enqueue: queue.enqueue });
      await until(async () => {
        const [row] = await database.db
          .select({ status: selfServiceEnvironments.status })
          .from(selfServiceEnvironments)
          .where(eq(selfServiceEnvironments.id, env.id));
        return row.status === "destroyed" ? true : null;
      });
    }
  } finally {
    await queue.stop();
    restoreEnv("PORTOLAN_LOCAL_ACTIONS", prior);
  }
  console.log(
    formatSummary(`provisioning: click → ready, local preview (${database.kind}, ms)`, summarise(times), 3000),
  );
}

function startWorkerProcess(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("worker ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

async function burst(database: Database, runs: number, workers: number) {
  const priorDir = process.env.PORTOLAN_TEMPLATES_DIR;
  process.env.PORTOLAN_TEMPLATES_DIR = path.join(process.cwd(), "lib/provisioning/test-templates");
  const children = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(database.location)));
  const queue = await startWorker(database, { jobs: PROVISIONING_JOBS, work: false });
  try {
    // 200 people clicking at once (one person would queue on their own quota lock).
    const started = Date.now();
    const created = await Promise.all(
      Array.from({ length: runs }, () =>
        createRun(
          database.db,
          testActor(`burst-${Math.random().toString(36).slice(2)}`),
          { template: "test-noop", parameters: {} },
          { enqueue: queue.enqueue },
        ),
      ),
    );
    const ids = created.map((c) => c.id);
    const rows = await until(
      async () => {
        const done = await database.db.select().from(provisioningRuns).where(inArray(provisioningRuns.id, ids));
        return done.every((r) => r.status === "succeeded" || r.status === "failed") ? done : null;
      },
      120_000,
      100,
    );
    const seconds = (Math.max(...rows.map((r) => r.finishedAt!.getTime())) - started) / 1000;
    const firstStep = rows.map((r) => r.firstStepAt!.getTime() - r.createdAt.getTime());
    console.log(
      `provisioning: ${runs} no-op runs on ${workers} worker processes: ${rows.filter((r) => r.status === "succeeded").length} succeeded in ${seconds.toFixed(2)} s (${(runs / seconds).toFixed(1)} runs/s)`,
    );
    console.log(formatSummary(`provisioning: submit → first step (ms)`, summarise(firstStep), 500));
    const submitted = rows.map((r) => r.createdAt.getTime());
    const firstSteps = rows.map((r) => r.firstStepAt!.getTime());
    console.log(
      `provisioning:   the ${runs} requests were written over ${Math.max(...submitted) - Math.min(...submitted)} ms; the last first step came ${Math.max(...firstSteps) - Math.min(...submitted)} ms after the first request`,
    );
    await printBreakdown(database, rows);
  } finally {
    await queue.stop();
    // Let the workers close their pools before the bench drops the database under them.
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) =>
            child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")),
          ),
      ),
    );
    restoreEnv("PORTOLAN_TEMPLATES_DIR", priorDir);
  }
}

/** Where the time between submit and first step goes: the request's transaction and the queue, then the worker. */
async function printBreakdown(database: Database, rows: (typeof provisioningRuns.$inferSelect)[]) {
  const jobs = await queryRows<{ run_id: string; started_on: Date | null }>(
    database.db,
    sql`select data->>'runId' as run_id, started_on from pgboss.job where name = 'provisioning-run'`,
  );
  const byRun = new Map(jobs.map((j) => [j.run_id, j]));
  // The job is written in the run's transaction, so "run row → job fetched" includes the commit.
  const parts = {
    "run row → job fetched": [] as number[],
    "job fetched → run claimed": [] as number[],
    "run claimed → first step": [] as number[],
  };
  for (const run of rows) {
    const job = byRun.get(run.id);
    if (!job?.started_on || !run.firstStepAt) continue;
    parts["run row → job fetched"].push(new Date(job.started_on).getTime() - run.createdAt.getTime());
    parts["job fetched → run claimed"].push(run.startedAt!.getTime() - new Date(job.started_on).getTime());
    parts["run claimed → first step"].push(run.firstStepAt.getTime() - run.startedAt!.getTime());
  }
  for (const [label, values] of Object.entries(parts))
    if (values.length) console.log(formatSummary(`provisioning:   ${label} (ms)`, summarise(values)));
}

/** Prints the provisioning figures; the burst needs PostgreSQL (separate worker processes). */
export async function benchProvisioning(
  database: Database,
  options: { samples?: number; runs?: number; workers?: number } = {},
): Promise<void> {
  await clickToReady(
    database,
    options.samples ??
      readNumber({
        name: "BENCH_PROVISIONING_SAMPLES",
        default: 5,
        min: 1,
        max: 1000,
        integer: true,
        outOfRange: "refuse",
      }),
  );
  if (database.kind === "postgres") await burst(database, options.runs ?? 200, options.workers ?? 2);
  else
    console.log(
      "provisioning: the 200-run burst needs DATABASE_URL (two worker processes share PostgreSQL); skipped on the embedded database.",
    );
}
