// The self-service part of an environment's life: extend, destroy (by its owner, an admin or the
// TTL reaper), and the destroy job itself. Provisioning lives in lib/provisioning.
import { and, eq, inArray, lt, notInArray, sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import { provisioningRuns, selfServiceEnvironments } from "@/db/schema";
import { actorLabel, assertCan, assertOwnerOrCan, type Actor } from "@/lib/access/permissions";
import { displayActor } from "@/lib/access/display-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/jobs/define-job";
import {
  LostRun,
  appendEvent,
  assertHeld,
  cancelWaitingRun,
  claimForTeardown,
  type EnvironmentRow,
} from "@/lib/provisioning/run-store";
import { tearDownRun } from "@/lib/provisioning/teardown";
import { notify } from "@/lib/notifications/notify";

type Deps = { enqueue: Enqueue; ip?: string | null };
export const REAPER: Actor = { kind: "system", name: "ttl-reaper", role: "admin" };

/** The environment, if the actor may change it (its owner, or selfservice:manage). */
export async function loadOwned(db: Db, actor: Actor, id: string): Promise<EnvironmentRow> {
  assertCan(actor, "selfservice:use");
  const [env] = await db.select().from(selfServiceEnvironments).where(eq(selfServiceEnvironments.id, id));
  if (!env) throw new AppError("not_found:environment", `There is no environment ${id}.`);
  assertOwnerOrCan(actor, env.owner, "selfservice:manage", {
    code: "forbidden:environment",
    message: "Only its owner (or an admin) may change this environment.",
  });
  return env;
}

/** Pushes the expiry out by `hours` (default: the template's TTL), never past the template's max lifetime. */
export async function extendEnvironment(
  db: Db,
  actor: Actor,
  id: string,
  input: { hours?: number },
  deps: Pick<Deps, "ip">,
): Promise<EnvironmentRow> {
  const env = await loadOwned(db, actor, id);
  if (env.status !== "ready" && env.status !== "asleep")
    throw new AppError(
      "conflict:environment",
      `Only a ready (or asleep) environment can be extended; this one is ${env.status}.`,
    );
  const since = (env.readyAt ?? env.createdAt).getTime();
  const cap = since + env.maxTtlSeconds * 1000;
  const byMs = input.hours ? input.hours * 3_600_000 : env.ttlSeconds * 1000;
  const wanted = Math.min(env.expiresAt.getTime() + byMs, cap);
  if (wanted <= env.expiresAt.getTime() + 1000) {
    throw new AppError(
      "conflict:environment",
      `This environment already lives as long as its template allows (${Math.round(env.maxTtlSeconds / 3600)} h).`,
      [{ field: "hours", message: "maximum lifetime reached" }],
    );
  }
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(selfServiceEnvironments)
      .set({ expiresAt: new Date(wanted) })
      .where(and(eq(selfServiceEnvironments.id, id), eq(selfServiceEnvironments.status, env.status)))
      .returning();
    if (!updated)
      throw new AppError("conflict:environment", "The environment changed meanwhile; reload and try again.");
    await appendEvent(
      tx,
      env.runId,
      `extended by ${displayActor(actorLabel(actor))} until ${updated.expiresAt.toISOString()}`,
    );
    await recordAudit(tx, actor, {
      action: "environment.extend",
      target: `environment:${id}`,
      details: { from: env.expiresAt.toISOString(), to: updated.expiresAt.toISOString() },
      ip: deps.ip,
    });
    return updated;
  });
}

/** Starts destroying an environment; a run still working is cancelled and tears down instead. */
export async function requestDestroy(db: Db, actor: Actor, id: string, deps: Deps): Promise<EnvironmentRow["status"]> {
  const env = await loadOwned(db, actor, id);
  if (env.status === "destroyed" || env.status === "destroying") return env.status;
  const outcome = await db.transaction(async (tx) => {
    // The run's row lock orders this against the worker's end of the run (finishRunReady takes it
    // too): either the worker sees the cancel flag and tears down, or this sees the run ended.
    const [run] = await tx.select().from(provisioningRuns).where(eq(provisioningRuns.id, env.runId)).for("update");
    const waiting = run?.status === "queued" || run?.status === "awaiting_approval";
    const next: EnvironmentRow["status"] = waiting ? "destroyed" : "destroying";
    const [changed] = await tx
      .update(selfServiceEnvironments)
      .set({ status: next, ...(waiting ? { destroyedAt: new Date() } : {}) })
      .where(
        and(
          eq(selfServiceEnvironments.id, id),
          notInArray(selfServiceEnvironments.status, ["destroying", "destroyed"]),
        ),
      )
      .returning({ id: selfServiceEnvironments.id });
    // Another destroy, or the run's own end, got there first.
    if (!changed) return null;
    if (waiting) await cancelWaitingRun(tx, env.runId);
    else if (run?.status === "running")
      await tx.update(provisioningRuns).set({ cancelRequested: true }).where(eq(provisioningRuns.id, env.runId));
    await appendEvent(tx, env.runId, `destroy requested by ${displayActor(actorLabel(actor))}`);
    await recordAudit(tx, actor, {
      action: "environment.destroy",
      target: `environment:${id}`,
      details: { name: env.name, reason: actor === REAPER ? "expired" : "requested" },
      ip: deps.ip,
    });
    // A running run's worker tears down itself; otherwise the destroy job does.
    if (next === "destroying" && run?.status !== "running")
      await deps.enqueue("environment-destroy", { environmentId: id }, { singletonKey: id, tx });
    return next;
  });
  return outcome ?? (await loadOwned(db, actor, id)).status;
}

/** The destroy job: tears down and marks the environment destroyed (or failed with what is left). */
export async function destroyEnvironment(database: Database, id: string): Promise<EnvironmentRow["status"] | null> {
  const [row] = await database.db
    .select({ env: selfServiceEnvironments, runStatus: provisioningRuns.status })
    .from(selfServiceEnvironments)
    .innerJoin(provisioningRuns, eq(provisioningRuns.id, selfServiceEnvironments.runId))
    .where(eq(selfServiceEnvironments.id, id));
  if (!row || row.env.status !== "destroying") return row?.env.status ?? null;
  // A run still going was told to cancel: its worker tears down (see the engine's finishCancelled).
  if (row.runStatus === "running") return "destroying";
  // This job's hold on the run: a destroy job that ran before (and hangs) stops writing.
  const hold = await claimForTeardown(database.db, row.env.runId);
  if (!hold) return "destroying";
  try {
    const failures = await tearDownRun(database, hold);
    const status = failures.length ? "failed" : "destroyed";
    await database.db.transaction(async (tx) => {
      await assertHeld(tx, hold);
      await tx
        .update(selfServiceEnvironments)
        .set(
          failures.length
            ? { status, failureReason: `teardown incomplete: ${failures.join("; ")}` }
            : { status, destroyedAt: new Date() },
        )
        .where(eq(selfServiceEnvironments.id, id));
      await appendEvent(tx, row.env.runId, failures.length ? "teardown incomplete" : "environment destroyed", {
        level: failures.length ? "error" : "info",
      });
      // The owner hears it in the same transaction (channels through the sweep: this job has no queue handle).
      if (!failures.length)
        await notify(tx, {
          event: "environment.destroyed",
          recipients: [row.env.owner],
          title: `Your environment ${row.env.name} was destroyed`,
          body: row.env.expiresAt.getTime() <= Date.now() ? "Its time ran out." : "",
          link: `/runs/${row.env.runId}`,
          dedupeKey: `destroyed:${id}`,
        });
    });
    return status;
  } catch (error) {
    // A later destroy job took the run over and finishes it.
    if (error instanceof LostRun) return "destroying";
    throw error;
  }
}

/** The TTL reaper: destroys what has expired, and re-sends destroys that a dead worker dropped. */
export async function reapExpiredEnvironments(database: Database, deps: Deps): Promise<string[]> {
  const { db } = database;
  const expired = await db
    .select({ id: selfServiceEnvironments.id })
    .from(selfServiceEnvironments)
    .where(
      and(
        // Sleeping or waking too: a sleep or wake job that never finished must not keep it forever.
        inArray(selfServiceEnvironments.status, ["ready", "asleep", "sleeping", "waking", "failed"]),
        lt(selfServiceEnvironments.expiresAt, sql`now()`),
      ),
    );
  for (const { id } of expired)
    await requestDestroy(db, REAPER, id, deps).catch((error) => console.error("[portolan] reaper:", error));
  const stuck = await db
    .select({ id: selfServiceEnvironments.id, runStatus: provisioningRuns.status })
    .from(selfServiceEnvironments)
    .innerJoin(provisioningRuns, eq(provisioningRuns.id, selfServiceEnvironments.runId))
    .where(and(eq(selfServiceEnvironments.status, "destroying"), lt(selfServiceEnvironments.expiresAt, sql`now()`)));
  for (const { id, runStatus } of stuck)
    if (runStatus !== "running") await deps.enqueue("environment-destroy", { environmentId: id }, { singletonKey: id });
  return expired.map((e) => e.id);
}
