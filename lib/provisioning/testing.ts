// Test helpers: an in-memory stand-in for the queue that runs jobs when drained, and actors.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { traceJob } from "@/lib/observability/request";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { PROVISIONING_JOBS } from "./jobs";
import { processRunPool } from "./run-pool";
import type { Enqueue } from "@/lib/jobs/define-job";
import { stopProcess } from "./actions/local-process";

/** A self-service environment as the provisioning engine leaves it (its run first, for the foreign key). */
export async function insertPreview(
  db: Database["db"],
  name: string,
  component: string,
  owner: string,
  status: string,
) {
  const [run] = await queryRows<{ id: string }>(
    db,
    sql`insert into provisioning_runs (template_name, template_title, template, parameters, status, requested_by)
      values ('local-preview', 'Preview', '{}'::jsonb, '{}'::jsonb, 'succeeded', ${`user:${owner}`}) returning id`,
  );
  await db.execute(sql`insert into self_service_environments (name, run_id, template_name, component_ref, branch, owner_login, status, url, ttl_seconds, max_ttl_seconds, expires_at)
    values (${name}, ${run.id}, 'local-preview', ${component}, 'feature/x', ${`user:${owner}`}, ${status}, 'http://127.0.0.1:4100', 3600, 7200, now() + interval '1 hour')`);
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
