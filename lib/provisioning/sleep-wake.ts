// Sleep and wake: an environment stopped with its data kept (processes and containers stopped; the
// checkout, database, volumes and images stay), and started again on the same data. Asking is
// immediate and audited (ready → sleeping, asleep → waking); the work is a job that holds the run
// like the destroy job does (its fencing token), so a destroy that lands meanwhile takes over and
// this job stops writing. Each step kind says what sleep and wake mean for it (the actions' sleep and
// wake hooks); wake renders each step's input again, so a port that changed reaches the steps after.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import { provisioningRuns, selfServiceEnvironments } from "@/db/schema";
import { actorLabel, type Actor } from "@/lib/access/permissions";
import { displayActor } from "@/lib/access/display-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/jobs/define-job";
import { ACTIONS } from "./actions";
import { hookContext, type ActionDefinition } from "./actions/types";
import { withSecretOutputs } from "./engine";
import { renderValue } from "./expressions";
import { environmentUrls, expressionContext, readdressed, redactOutput, redactor, secretsFor } from "./run-context";
import {
  LostRun,
  appendEvent,
  appendHeldEvent,
  assertHeld,
  claimForTeardown,
  stepsOf,
  updateStep,
  type EnvironmentRow,
  type RunHold,
  type RunRow,
  type StepRow,
} from "./run-store";
import { loadOwned } from "./self-service-lifecycle";
import { decide, scheduleSchema } from "./sleep-schedule";
import type { TemplateDefinition } from "./template-schema";

type Deps = { enqueue: Enqueue; ip?: string | null };
export const SCHEDULER: Actor = { kind: "system", name: "sleep-schedule", role: "admin" };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Moves the environment from → to and queues the job, with its log line and audit record; one transaction. */
async function request(
  db: Db,
  actor: Actor,
  id: string,
  deps: Deps,
  change: { from: EnvironmentRow["status"]; to: EnvironmentRow["status"]; job: string; verb: "sleep" | "wake" },
): Promise<EnvironmentRow["status"]> {
  const env = await loadOwned(db, actor, id);
  // Asked twice: the first request is already under way.
  if (env.status === change.to) return env.status;
  if (env.status !== change.from)
    throw new AppError(
      "conflict:environment",
      `Only ${change.from === "ready" ? "a ready" : "an asleep"} environment can ${change.verb}; this one is ${env.status.replace("_", " ")}.`,
    );
  if (change.verb === "sleep" && !(await hasSomethingToStop(db, env.runId)))
    throw new AppError(
      "conflict:environment",
      "Nothing in this environment can sleep (none of its steps runs a process or a container); destroy it instead.",
    );
  return db.transaction(async (tx) => {
    const [changed] = await tx
      .update(selfServiceEnvironments)
      // The schedule wakes only what it put to sleep itself.
      .set({ status: change.to, asleepBySchedule: change.verb === "sleep" && actor === SCHEDULER })
      .where(and(eq(selfServiceEnvironments.id, id), eq(selfServiceEnvironments.status, change.from)))
      .returning({ id: selfServiceEnvironments.id });
    if (!changed)
      throw new AppError("conflict:environment", "The environment changed meanwhile; reload and try again.");
    await appendEvent(tx, env.runId, `${change.verb} requested by ${displayActor(actorLabel(actor))}`);
    await recordAudit(tx, actor, {
      action: `environment.${change.verb}`,
      target: `environment:${id}`,
      details: { name: env.name, ...(actor === SCHEDULER ? { reason: "schedule" } : {}) },
      ip: deps.ip,
    });
    await deps.enqueue(change.job, { environmentId: id }, { singletonKey: id, tx });
    return change.to;
  });
}

/** Whether any done step of the run has something sleep would stop (else asleep would only hide a running environment). */
async function hasSomethingToStop(db: Db, runId: string): Promise<boolean> {
  const [run] = await db
    .select({ template: provisioningRuns.template })
    .from(provisioningRuns)
    .where(eq(provisioningRuns.id, runId));
  const template = run?.template as unknown as TemplateDefinition | undefined;
  const steps = await stepsOf(db, runId, "provision");
  return steps.some((s) => s.status === "succeeded" && template && actionOf(template, s)?.sleep);
}

/** Stops a ready environment, keeping its data (the owner, someone with selfservice:manage, or the schedule). */
export function requestSleep(db: Db, actor: Actor, id: string, deps: Deps) {
  return request(db, actor, id, deps, { from: "ready", to: "sleeping", job: "environment-sleep", verb: "sleep" });
}

/** Starts an asleep environment again on the same data. */
export function requestWake(db: Db, actor: Actor, id: string, deps: Deps) {
  return request(db, actor, id, deps, { from: "asleep", to: "waking", job: "environment-wake", verb: "wake" });
}

type Held = { env: EnvironmentRow; run: RunRow; template: TemplateDefinition; hold: RunHold; steps: StepRow[] };

/** The environment in `status`, and this job's hold on its run; null when there is nothing to do. */
async function hold(database: Database, id: string, status: EnvironmentRow["status"]): Promise<Held | null> {
  const [row] = await database.db
    .select({ env: selfServiceEnvironments, run: provisioningRuns })
    .from(selfServiceEnvironments)
    .innerJoin(provisioningRuns, eq(provisioningRuns.id, selfServiceEnvironments.runId))
    .where(eq(selfServiceEnvironments.id, id));
  if (!row || row.env.status !== status) return null;
  const held = await claimForTeardown(database.db, row.run.id);
  if (!held) return null;
  const steps = (await stepsOf(database.db, row.run.id, "provision")).filter((s) => s.status === "succeeded");
  return { ...row, template: row.run.template as unknown as TemplateDefinition, hold: held, steps };
}

function actionOf(template: TemplateDefinition, step: StepRow): ActionDefinition | undefined {
  return ACTIONS[template.spec?.steps?.[step.position]?.action ?? step.action];
}

function stepLog(database: Database, held: RunHold, step: StepRow, redact: (text: string) => string) {
  return (text: string, level: "info" | "warn" | "error" = "info") =>
    appendHeldEvent(database.db, held, redact(text), { level, stepId: step.stepId });
}

/** Every step's sleep hook, newest first; returns what could not be stopped. Throws LostRun. */
async function sleepSteps(database: Database, held: Held): Promise<string[]> {
  const redact = redactor(secretsFor(held.template));
  const failures: string[] = [];
  for (const step of [...held.steps].reverse()) {
    const action = actionOf(held.template, step);
    if (!action?.sleep) continue;
    const log = stepLog(database, held.hold, step, redact);
    await assertHeld(database.db, held.hold);
    try {
      await action.sleep(hookContext(database, step, log));
    } catch (error) {
      if (error instanceof LostRun) throw error;
      await log(`could not stop: ${redact(message(error))}`, "error");
      failures.push(`${step.name}: ${redact(message(error))}`);
    }
  }
  return failures;
}

/** The sleep job: stops every step that runs something, then the environment is asleep. */
export async function sleepEnvironment(database: Database, id: string): Promise<EnvironmentRow["status"] | null> {
  const held = await hold(database, id, "sleeping");
  if (!held) return null;
  try {
    const failures = await sleepSteps(database, held);
    await database.db.transaction(async (tx) => {
      await assertHeld(tx, held.hold);
      await tx
        .update(selfServiceEnvironments)
        .set({
          status: "asleep",
          // Wake starts everything again (each hook is a no-op for what still runs).
          failureReason: failures.length ? `sleep incomplete: ${failures.join("; ")}` : null,
        })
        .where(and(eq(selfServiceEnvironments.id, id), eq(selfServiceEnvironments.status, "sleeping")));
      await appendEvent(tx, held.run.id, failures.length ? "asleep, but not everything stopped" : "asleep", {
        level: failures.length ? "warn" : "info",
      });
    });
    return "asleep";
  } catch (error) {
    // A destroy took the run over and finishes it.
    if (error instanceof LostRun) return null;
    throw error;
  }
}

/** The wake job: every step's wake hook in order, inputs rendered again; then ready at its (maybe new) URL. */
export async function wakeEnvironment(database: Database, id: string): Promise<EnvironmentRow["status"] | null> {
  const held = await hold(database, id, "waking");
  if (!held) return null;
  const { db } = database;
  const secrets = secretsFor(held.template);
  const revealed: Record<string, string> = {};
  let redact = redactor(secrets);
  const outputs = Object.fromEntries(held.steps.map((s) => [s.stepId, s.output]));
  try {
    try {
      for (const step of held.steps) {
        const action = actionOf(held.template, step);
        if (!action?.wake) continue;
        const context = expressionContext(
          held.run,
          await withSecretOutputs(database, held.template, held.steps, outputs, async (values) => {
            Object.assign(revealed, values);
            redact = redactor({ ...secrets, ...revealed });
          }),
          secrets,
        );
        const input = action.schema.parse(renderValue(held.template.spec.steps[step.position].input, context));
        const changed = await action.wake({
          runId: step.runId,
          stepId: step.stepId,
          database,
          log: stepLog(database, held.hold, step, (text) => redact(text)),
          resources: step.resources,
          output: step.output,
          input,
          signal: AbortSignal.timeout(10 * 60_000),
          setResources: async (resources) => {
            await updateStep(db, held.hold, step, { resources }).catch(async (error) => {
              // The run is a destroy job's now, which will not know of this: stop it here.
              if (error instanceof LostRun)
                await action.teardown?.({
                  runId: step.runId,
                  stepId: step.stepId,
                  database,
                  log: async () => {},
                  resources,
                  output: {},
                });
              throw error;
            });
            step.resources = resources;
          },
        });
        if (!changed) continue;
        const output = redactOutput({ ...step.output, ...changed }, (text) => redact(text));
        await updateStep(db, held.hold, step, { output });
        step.output = outputs[step.stepId] = output;
      }
    } catch (error) {
      if (error instanceof LostRun) throw error;
      return await wakeFailed(database, held, redact(message(error)));
    }
    const urls = environmentUrls(held.run, held.template, outputs, secrets);
    await db.transaction(async (tx) => {
      await assertHeld(tx, held.hold);
      await tx
        .update(selfServiceEnvironments)
        .set({
          status: "ready",
          failureReason: null,
          ...readdressed(urls),
        })
        .where(and(eq(selfServiceEnvironments.id, id), eq(selfServiceEnvironments.status, "waking")));
      await tx
        .update(provisioningRuns)
        .set({ outputs: { ...held.run.outputs, links: urls.links, url: urls.url } })
        .where(eq(provisioningRuns.id, held.run.id));
      await appendEvent(tx, held.run.id, redact(`awake${urls.url ? ` at ${urls.url}` : ""}`));
    });
    return "ready";
  } catch (error) {
    if (error instanceof LostRun) return null;
    throw error;
  }
}

/** A step would not wake: what was started is stopped again, and the environment stays asleep with the reason. */
async function wakeFailed(database: Database, held: Held, reason: string): Promise<"asleep"> {
  await sleepSteps(database, held);
  await database.db.transaction(async (tx) => {
    await assertHeld(tx, held.hold);
    await tx
      .update(selfServiceEnvironments)
      .set({ status: "asleep", failureReason: `could not wake: ${reason}` })
      .where(and(eq(selfServiceEnvironments.id, held.env.id), eq(selfServiceEnvironments.status, "waking")));
    await appendEvent(tx, held.run.id, `could not wake: ${reason}`, { level: "error" });
  });
  return "asleep";
}

/**
 * The schedule job (every minute): each ready or asleep environment whose template has a schedule is
 * put to sleep or woken as the schedule says (sleep-schedule.ts decide); audited as the schedule.
 */
export async function applySleepSchedules(
  database: Database,
  deps: Pick<Deps, "enqueue">,
  now = new Date(),
): Promise<{ slept: string[]; woken: string[] }> {
  const rows = await database.db
    .select({
      id: selfServiceEnvironments.id,
      status: selfServiceEnvironments.status,
      asleepBySchedule: selfServiceEnvironments.asleepBySchedule,
      schedule: sql<unknown>`${provisioningRuns.template}->'spec'->'environment'->'schedule'`,
      awakeSince: sql<string | null>`(select i.started_at from environment_awake_intervals i
                                       where i.environment_id = ${selfServiceEnvironments.id} and i.ended_at is null)`,
    })
    .from(selfServiceEnvironments)
    .innerJoin(provisioningRuns, eq(provisioningRuns.id, selfServiceEnvironments.runId))
    .where(
      and(
        inArray(selfServiceEnvironments.status, ["ready", "asleep"]),
        sql`${provisioningRuns.template}->'spec'->'environment'->'schedule' is not null`,
      ),
    );
  const done = { slept: [] as string[], woken: [] as string[] };
  for (const row of rows) {
    const schedule = scheduleSchema.safeParse(row.schedule);
    if (!schedule.success) continue;
    const awakeSince = row.awakeSince ? new Date(row.awakeSince) : null;
    const decision = decide(schedule.data, { ...row, awakeSince }, now);
    if (!decision) continue;
    try {
      if (decision === "sleep") await requestSleep(database.db, SCHEDULER, row.id, deps);
      else await requestWake(database.db, SCHEDULER, row.id, deps);
      (decision === "sleep" ? done.slept : done.woken).push(row.id);
    } catch (error) {
      // Changed meanwhile (destroyed, woken by a person): the next round sees it as it is.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return done;
}
