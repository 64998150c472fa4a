// Preview processes outlive the portal (they run in their own process group, so a crash or a restart
// of the app leaves them running). At worker start the portal takes stock of the ones it started on
// this machine — each carries this portal's identity and its run in its environment — and of the ones
// its ready environments expect: leftovers are stopped, live environments' processes adopted back, and
// a live environment whose process vanished is shown down with the reason.
import fs from "node:fs";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import { isLocalActionsEnabled, processIdentity, stopProcess } from "./actions/local-process";
import { MARKER, portalInstanceId } from "./process-marker";
import { appendEvent } from "./run-store";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Failures in a row that the health roll-up calls down (health-rollup.ts). */
const DOWN_AFTER = 3;

export type MarkedProcess = {
  pid: number;
  runId: string;
  stepId: string;
  port: number | null;
  identity: string | null;
};

/** Group leaders on this machine (local:process starts each child in its own group) carrying this portal's marker. */
export function findMarkedProcesses(instance: string, procDir = "/proc"): MarkedProcess[] {
  const found: MarkedProcess[] = [];
  for (const name of fs.readdirSync(procDir)) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    let environ: string;
    let stat: string;
    try {
      environ = fs.readFileSync(`${procDir}/${pid}/environ`, "utf8");
      stat = fs.readFileSync(`${procDir}/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    const env = new Map(
      environ
        .split("\0")
        .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)] as const),
    );
    if (env.get(MARKER.instance) !== instance) continue;
    // Fields after the command name: state, ppid, pgrp, …
    const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    const runId = env.get(MARKER.run) ?? "";
    if (pgrp !== pid || !UUID.test(runId)) continue;
    const port = Number(env.get("PORT"));
    found.push({
      pid,
      runId,
      stepId: env.get(MARKER.step) ?? "",
      port: Number.isInteger(port) ? port : null,
      identity: processIdentity(pid),
    });
  }
  return found;
}

export type ReconcileReport = {
  stopped: { pid: number; runId: string; reason: string }[];
  adopted: { pid: number; runId: string; environmentId: string }[];
  vanished: { pid: number; runId: string; environmentId: string }[];
};

const bootOf = (identity: string | null) => identity?.split(":")[0] ?? null;

/**
 * Stops this portal's processes of environments that are gone (destroyed, failed, or unknown to the
 * database) — after checking the pid still names the process that was found, as teardown does —
 * adopts those of ready environments, and marks a ready environment down when the process it recorded
 * is gone. Environments being provisioned or destroyed are left to their run or destroy job.
 */
export async function reconcileLocalProcesses(
  database: Database,
  options: { procDir?: string } = {},
): Promise<ReconcileReport> {
  const report: ReconcileReport = { stopped: [], adopted: [], vanished: [] };
  const procDir = options.procDir ?? "/proc";
  const thisBoot = bootOf(processIdentity(process.pid));
  if (!isLocalActionsEnabled(database.kind) || !thisBoot || !fs.existsSync(procDir)) return report;
  const { db } = database;
  const found = findMarkedProcesses(await portalInstanceId(db), procDir);

  // What each ready environment's local:process steps recorded (pid and who it was).
  const recorded = await db
    .select({
      runId: provisioningSteps.runId,
      stepId: provisioningSteps.stepId,
      position: provisioningSteps.position,
      resources: provisioningSteps.resources,
      environmentId: selfServiceEnvironments.id,
    })
    .from(provisioningSteps)
    .innerJoin(selfServiceEnvironments, eq(selfServiceEnvironments.runId, provisioningSteps.runId))
    .where(
      and(
        eq(selfServiceEnvironments.status, "ready"),
        eq(provisioningSteps.phase, "provision"),
        // Steps whose resources name a process of ours: local previews and preview database endpoints.
        inArray(provisioningSteps.action, ["local:process", "postgres:database"]),
        isNotNull(provisioningSteps.resources),
      ),
    );
  const states = found.length
    ? await db
        .select({
          runId: provisioningRuns.id,
          status: selfServiceEnvironments.status,
          environmentId: selfServiceEnvironments.id,
        })
        .from(provisioningRuns)
        .leftJoin(selfServiceEnvironments, eq(selfServiceEnvironments.runId, provisioningRuns.id))
        .where(inArray(provisioningRuns.id, [...new Set(found.map((p) => p.runId))]))
    : [];

  const claimed = new Set<string>();
  for (const proc of found) {
    const state = states.find((s) => s.runId === proc.runId);
    const status = state?.status ?? null;
    if (status && !["ready", "destroyed", "failed"].includes(status)) continue; // its run or destroy job owns it
    if (status === "ready") {
      const step = recorded.find((r) => r.runId === proc.runId && r.stepId === proc.stepId);
      const alive = (pid: unknown, identity: unknown) =>
        typeof pid === "number" && processIdentity(pid) !== null && processIdentity(pid) === identity;
      const isRecorded = step && Number(step.resources?.pid) === proc.pid && step.resources?.identity === proc.identity;
      // The step's process is this one, or the one it recorded is gone and this one carries its marker.
      if (step && (isRecorded || !alive(Number(step.resources?.pid), step.resources?.identity))) {
        if (!isRecorded) {
          await db
            .update(provisioningSteps)
            .set({
              resources: {
                ...step.resources,
                pid: proc.pid,
                identity: proc.identity,
                ...(proc.port ? { port: proc.port } : {}),
              },
            })
            .where(
              and(
                eq(provisioningSteps.runId, step.runId),
                eq(provisioningSteps.phase, "provision"),
                eq(provisioningSteps.position, step.position),
              ),
            );
          await appendEvent(
            db,
            proc.runId,
            `process ${proc.pid} of step ${proc.stepId} adopted after the portal restarted`,
            { stepId: proc.stepId },
          );
        }
        claimed.add(`${proc.runId}/${proc.stepId}`);
        report.adopted.push({ pid: proc.pid, runId: proc.runId, environmentId: state!.environmentId! });
        continue;
      }
    }
    const reason = !state
      ? "its run is unknown to this portal"
      : !status
        ? "its run has no environment"
        : status === "ready"
          ? "its environment runs another process for this step"
          : `its environment is ${status}`;
    // The pid must still name the process found above: never signal a stranger given the same pid.
    if (processIdentity(proc.pid) !== proc.identity) continue;
    await stopProcess(proc.pid);
    report.stopped.push({ pid: proc.pid, runId: proc.runId, reason });
    if (state)
      await appendEvent(db, proc.runId, `stopped leftover process ${proc.pid} when the portal started: ${reason}`, {
        level: "warn",
        stepId: proc.stepId || null,
      });
  }

  for (const step of recorded) {
    if (claimed.has(`${step.runId}/${step.stepId}`)) continue;
    const pid = Number(step.resources?.pid);
    const identity = typeof step.resources?.identity === "string" ? step.resources.identity : null;
    // Only what this machine started since it booted can be judged here (another worker's machine, or a
    // process from before a reboot on a shared database, is not ours to call gone).
    if (!Number.isInteger(pid) || !identity || (bootOf(identity) !== thisBoot && database.kind !== "embedded"))
      continue;
    if (processIdentity(pid) === identity) continue; // running, started by another worker here
    await markDown(
      db,
      step.environmentId,
      `its process (pid ${pid}) is gone — found when the portal started; destroy this environment and start a new one`,
    );
    await appendEvent(db, step.runId, `process ${pid} of step ${step.stepId} was not running when the portal started`, {
      level: "warn",
      stepId: step.stepId,
    });
    report.vanished.push({ pid, runId: step.runId, environmentId: step.environmentId });
  }
  return report;
}

/** Down at once, with the reason, through the same probe summary the health roll-up reads. */
export async function markDown(db: DbOrTx, environmentId: string, reason: string) {
  await db
    .update(selfServiceEnvironments)
    .set({
      lastProbedAt: sql`now()`,
      lastProbeOk: false,
      lastProbeError: reason,
      lastProbeLatencyMs: null,
      probeFailures: sql`greatest(${selfServiceEnvironments.probeFailures}, ${DOWN_AFTER})`,
      failingSince: sql`coalesce(${selfServiceEnvironments.failingSince}, now())`,
    })
    .where(and(eq(selfServiceEnvironments.id, environmentId), eq(selfServiceEnvironments.status, "ready")));
}
