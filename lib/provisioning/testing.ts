// Test helpers: an in-memory stand-in for the queue that runs jobs when drained, and actors.
import { randomUUID } from "node:crypto";
import { traceJob } from "@/lib/observability/request";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { PROVISIONING_JOBS } from "./jobs";
import { processRunPool } from "./run-pool";
import type { Enqueue } from "@/lib/jobs/define-job";

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
