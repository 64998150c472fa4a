import type { z } from "zod";
import type { Database } from "@/db/client";

export type StepLog = (message: string, level?: "info" | "warn" | "error") => Promise<void>;

export type ActionContext<I> = {
  input: I;
  runId: string;
  stepId: string;
  database: Database;
  log: StepLog;
  /** Aborted when the run is cancelled or this worker loses the run. */
  signal: AbortSignal;
  /** Records what teardown needs as soon as it exists, so a crash mid-step leaves nothing orphaned. */
  setResources: (resources: Record<string, unknown>) => Promise<void>;
};

export type TeardownContext = {
  runId: string;
  stepId: string;
  database: Database;
  log: StepLog;
  resources: Record<string, unknown> | null;
  output: Record<string, unknown>;
};

/** A hook's context for a step of a run as stored (its resources and output), logging to `log`. */
export function hookContext(
  database: Database,
  step: { runId: string; stepId: string; resources: Record<string, unknown> | null; output: Record<string, unknown> },
  log: StepLog,
): TeardownContext {
  return { runId: step.runId, stepId: step.stepId, database, log, resources: step.resources, output: step.output };
}

/**
 * What wake is given besides: the step's input rendered again (with the outputs of the steps woken
 * before it, so a database's new port reaches the process that uses it), and a way to record new
 * resources (a new pid) the moment they exist.
 */
export type WakeContext<I = unknown> = TeardownContext & {
  input: I;
  signal: AbortSignal;
  setResources: (resources: Record<string, unknown>) => Promise<void>;
};

export type ActionDefinition<S extends z.ZodType = z.ZodType> = {
  id: string;
  description: string;
  schema: S;
  /**
   * The inputs that may carry a `${{ secrets.X }}`, as paths (`secret`, `headers.*`): checked when
   * a template loads. Everywhere else (URLs, bodies, arguments, messages) a secret is refused.
   */
  secretInputs?: string[];
  /**
   * The output fields a step of this action has, from its (unrendered) input; a template may read
   * only these (`steps.x.output.<field>`). Null when they cannot be known before the run.
   */
  declaredOutputs?: (input: Record<string, unknown>) => string[] | null;
  run: (ctx: ActionContext<z.infer<S>>) => Promise<Record<string, unknown>>;
  /** Told how the run ended (before any rollback), e.g. to report the outcome somewhere; failures are logged, not fatal. */
  onRunEnd?: (
    ctx: TeardownContext & { outcome: "succeeded" | "failed" | "cancelled"; url: string | null; reason?: string },
  ) => Promise<void>;
  /** Undo what run created (on rollback, cancel and destroy); absent when there is nothing to undo. */
  teardown?: (ctx: TeardownContext) => Promise<void>;
  /** Stop what run started but keep its data (containers stopped, volumes kept); absent when there is nothing to stop. */
  sleep?: (ctx: TeardownContext) => Promise<void>;
  /** Start again what sleep stopped; returns changed output fields (a new port, a new URL), if any. */
  wake?: (ctx: WakeContext<z.infer<S>>) => Promise<Record<string, unknown> | void>;
  /** Restart what run started in place (day-2 "restart"); returns changed output fields, if any. */
  restart?: (ctx: TeardownContext) => Promise<Record<string, unknown> | void>;
  /**
   * Output fields that are secrets (a database connection string with its password). They are never
   * stored in the step's output; `revealSecrets` recomputes them from the step's resources when a later
   * step's input is rendered, their values are redacted from every log line and output, and a template
   * may put them only where secrets may go (the action's secretInputs), checked when it loads.
   */
  secretOutputs?: string[];
  revealSecrets?: (ctx: TeardownContext) => Promise<Record<string, string>>;
};

export function defineAction<S extends z.ZodType>(action: ActionDefinition<S>): ActionDefinition<S> {
  return action;
}

/** Resolves after ms, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
