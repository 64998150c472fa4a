import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";

export type JobContext = { database: Database; jobId: string; enqueue: Enqueue };
export type EnqueueOptions = {
  singletonKey?: string;
  /** Send as part of this transaction: the job exists exactly when what it works on was committed. */
  tx?: DbOrTx;
};
export type Enqueue = (name: string, payload: unknown, options?: EnqueueOptions) => Promise<string | null>;

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  handle: (payload: z.infer<S>, ctx: JobContext) => Promise<unknown>;
  /** How often pg-boss looks for work; webhooks want it short. */
  pollingIntervalSeconds?: number;
  /** Concurrent jobs of this name per worker. */
  concurrency?: number;
  retryLimit?: number;
  /** Seconds before a failed job is tried again (doubling each time with retryBackoff); pg-boss's default: at once. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /**
   * Jobs fetched at once (handled concurrently); while fetches come back full the worker fetches
   * again at once instead of waiting out the polling interval. For jobs whose handler returns quickly.
   */
  batchSize?: number;
  /** Wake idle workers with LISTEN/NOTIFY as soon as a job is sent (polling stays as the floor). */
  notify?: boolean;
  /**
   * Sends with the `singletonKey` of a job still waiting become that job (the send returns null);
   * one already running does not absorb them, so what changed after it started gets its own run
   * (pg-boss's "short" queue policy; without it a key alone merges nothing).
   */
  mergeWaiting?: boolean;
  /** Called when the queue stops: let work the handlers started in the background finish. */
  drain?: (timeoutMs: number) => Promise<void>;
  /** Called once when this process starts working the job's queue (failures are logged). */
  onWorkerStart?: (ctx: { database: Database; enqueue: Enqueue }) => Promise<unknown>;
};

/** A named unit of background work with a validated payload (names are `<noun>-<verb>`). */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

export type JobSchedule = { name: string; cron: string; payload?: Record<string, unknown> };

/**
 * Turns "15" (minutes), "30m", "2h" or a cron expression into cron, since pg-boss schedules by cron
 * with minute resolution.
 */
export function intervalToCron(value: string | undefined, fallbackMinutes = 15): string {
  const text = (value ?? "").trim();
  if (text.split(/\s+/).length >= 5) return text;
  const match = /^(\d+)\s*(m|min|h)?$/i.exec(text);
  let minutes = match ? Number(match[1]) * (match[2]?.toLowerCase() === "h" ? 60 : 1) : fallbackMinutes;
  if (!Number.isFinite(minutes) || minutes < 1) minutes = fallbackMinutes;
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.min(24, Math.round(minutes / 60));
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}
