// Test helpers: an in-memory stand-in for the queue that runs jobs when drained, actors, and
// self-service environments written as the engine leaves them.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { traceJob } from "@/lib/observability/request";
import type { Database, Db } from "@/db/client";
import { provisioningRuns, selfServiceEnvironments } from "@/db/schema";
import type { Actor } from "@/lib/access/permissions";
import { PROVISIONING_JOBS } from "./jobs";
import { processRunPool } from "./run-pool";
import type { Enqueue } from "@/lib/jobs/define-job";
import { stopProcess } from "./actions/local-process";

/** A ready environment of `owner` (`user:<login>`) expiring in `minutes`, with the run that made it. */
export async function expiringEnvironment(
  db: Db,
  owner: string,
  name: string,
  minutes: number,
  more: Partial<typeof selfServiceEnvironments.$inferInsert> = {},
) {
  const [run] = await db
    .insert(provisioningRuns)
    .values({
      templateName: more.templateName ?? "t",
      templateTitle: "T",
      template: {},
      parameters: {},
      status: "succeeded",
      requestedBy: owner,
    })
    .returning();
  const [env] = await db
    .insert(selfServiceEnvironments)
    .values({
      name,
      runId: run.id,
      templateName: more.templateName ?? "t",
      owner,
      status: "ready",
      ttlSeconds: 3600,
      maxTtlSeconds: 7200,
      expiresAt: new Date(Date.now() + minutes * 60_000),
      ...more,
    })
    .returning();
  return env;
}

/** A preview of `component` by `owner` (a login) in `status`, as the local-preview template leaves one. */
export function insertPreview(
  db: Db,
  name: string,
  component: string,
  owner: string,
  status: (typeof selfServiceEnvironments.$inferInsert)["status"],
) {
  return expiringEnvironment(db, `user:${owner}`, name, 60, {
    templateName: "local-preview",
    componentRef: component,
    branch: "feature/x",
    status,
    url: "http://127.0.0.1:4100",
  });
}

export function testActor(login: string, role: "viewer" | "developer" | "admin" = "developer"): Actor {
  return { kind: "user", id: randomUUID(), login, name: login, role };
}

const RUN_WAIT_MS = 30 * 60_000;

export function inlineQueue(database: Database) {
  const pending: { name: string; payload: unknown }[] = [];
  const sent: { name: string; payload: unknown }[] = [];
  const enqueue: Enqueue = async (name, payload) => {
    pending.push({ name, payload });
    sent.push({ name, payload });
    return randomUUID();
  };
  /** Runs queued jobs (and the jobs they send) until none is left. */
  const drain = async () => {
    while (pending.length) {
      const { name, payload } = pending.shift()!;
      const job = PROVISIONING_JOBS.find((j) => j.name === name);
      if (!job) throw new Error(`unknown job ${name}`);
      const jobId = randomUUID();
      await traceJob(name, jobId, () =>
        (job.handle as (p: unknown, c: unknown) => Promise<unknown>)(job.schema.parse(payload), {
          database,
          jobId,
          enqueue,
        }),
      );
      // provisioning-run starts the run in the background; wait for it like a worker would, for as
      // long as the test allows (its timeout is the bound: the pool's default of 60 s returned with
      // the run still going when two image builds shared a loaded machine).
      await processRunPool().idle(RUN_WAIT_MS);
    }
  };
  return { enqueue, drain, sent, pending };
}

/**
 * Removes a test's previews directory and stops the processes still running from it first: a
 * preview's database or app outlives the request that started it (until the preview is destroyed),
 * so a test that ends with one still up would leave it behind, orphaned, after every run.
 */
export async function removePreviewsDir(dir: string): Promise<void> {
  if (!path.isAbsolute(dir) || path.dirname(dir) === dir) throw new Error(`not a previews directory: "${dir}"`);
  const running = fs.readdirSync("/proc").filter((entry) => {
    if (!/^[0-9]+$/.test(entry) || Number(entry) === process.pid) return false;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      return args.includes(`${dir}/`) || args.includes(`${dir}\0`);
    } catch {
      return false;
    }
  });
  await Promise.all(running.map((pid) => stopProcess(Number(pid))));
  fs.rmSync(dir, { recursive: true, force: true });
}
