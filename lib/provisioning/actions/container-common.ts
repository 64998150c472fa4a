// What the container actions share: the labels that tie every container, network, volume and image
// to this portal, run, step and environment (the reconcile at start reads them), names, and the
// resource limits a template may ask for.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { selfServiceEnvironments } from "@/db/schema";
import { LABELS } from "@/lib/previews/containers/engine";
import { removeStack, startStack, stopStack, type StackResources } from "@/lib/previews/containers/stack";
import { isInside, stepKey } from "@/lib/previews/workspace";
import { portalInstanceId } from "../process-marker";
import type { TeardownContext, WakeContext } from "./types";

export async function containerLabels(database: Database, runId: string, stepId: string) {
  const [environment] = await database.db
    .select({ id: selfServiceEnvironments.id })
    .from(selfServiceEnvironments)
    .where(eq(selfServiceEnvironments.runId, runId));
  return {
    [LABELS.instance]: await portalInstanceId(database.db),
    [LABELS.run]: runId,
    [LABELS.step]: stepId,
    [LABELS.environment]: environment?.id ?? "",
  };
}

/** Engine object names for a step: lowercase, unique per run and step. */
export function objectName(runId: string, stepId: string, suffix = ""): string {
  return `portolan-${stepKey(runId, stepId)}${suffix ? `-${suffix.toLowerCase().replace(/[^a-z0-9_.-]+/g, "-")}` : ""}`;
}

export const limits = {
  cpus: z.coerce.number().min(0.05).max(8).default(1),
  memoryMb: z.coerce.number().int().min(16).max(16_384).default(512),
};

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const envSchema = z
  .record(z.string().regex(ENV_NAME), z.union([z.string(), z.number(), z.boolean()]).transform(String))
  .default({});

/** Where a database socket directory is mounted in a container. */
export const SOCKET_TARGET = "/run/portolan/db";

/** A directory a template hands over (a build context, a socket) must lie in the previews root. */
export function insideRoot(dir: string, what: string): string {
  if (!isInside(dir))
    throw new Error(`${what} must be a directory this run made (a git:checkout path or a database socket)`);
  return dir;
}

export function previewHost(): string {
  return process.env.PORTOLAN_PREVIEW_HOST ?? "localhost";
}

type Stack = StackResources & { containerPort?: number | null };

const stackOf = (resources: Record<string, unknown> | null): Stack | null =>
  resources && Array.isArray(resources.containers) ? (resources as unknown as Stack) : null;

/** teardown / sleep / wake / restart for an action whose resources are a stack. */
export const stackHooks = {
  teardown: async ({ resources, log }: TeardownContext) => {
    const stack = stackOf(resources);
    if (stack) await removeStack(stack, (line) => log(line));
  },
  sleep: async ({ resources, log }: TeardownContext) => {
    const stack = stackOf(resources);
    if (stack) await stopStack(stack, (line) => log(line));
  },
  wake: async ({ resources, log, setResources }: WakeContext) => {
    const stack = stackOf(resources);
    if (!stack) return;
    const port = await startStack(stack, stack.containerPort ?? null, "start", (line) => log(line));
    if (!port) return;
    // The engine may publish it on another port: recorded, so probes and wait:health may reach it.
    await setResources({ ...stack, publicPort: port });
    return { port, url: `http://${previewHost()}:${port}` };
  },
  restart: async ({ resources, log }: TeardownContext) => {
    const stack = stackOf(resources);
    if (!stack) return;
    const port = await startStack(stack, stack.containerPort ?? null, "restart", (line) => log(line));
    return port ? { port, url: `http://${previewHost()}:${port}` } : undefined;
  },
};
