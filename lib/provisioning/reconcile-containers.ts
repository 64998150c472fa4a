// Containers outlive the portal, like local previews. At worker start (and every minute) the portal
// takes stock of the engine's objects labelled with its own instance id: containers, networks,
// volumes and images of environments that no longer exist (destroyed, failed, or unknown to this
// database) are removed; a ready environment whose container was removed or stopped behind the
// portal's back is shown down with the reason (the same probe summary the health roll-up reads).
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type Docker from "dockerode";
import type { Database } from "@/db/client";
import { provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import { engine, isEngineReachable, isNotFound, LABELS } from "@/lib/previews/containers/engine";
import { describeState } from "@/lib/previews/containers/stack";
import { portalInstanceId } from "./process-marker";
import { markDown } from "./reconcile-local-processes";
import { appendEvent } from "./run-store";

const CONTAINER_ACTIONS = ["container:run", "compose:up"];
/** Environments in these states own their objects; their run or destroy job deals with them. */
const BUSY = ["requested", "awaiting_approval", "provisioning", "destroying"];

export type ContainerReconcileReport = {
  removed: { kind: "container" | "network" | "volume" | "image"; name: string; runId: string }[];
  down: { environmentId: string; reason: string }[];
};

export async function reconcileContainers(database: Database): Promise<ContainerReconcileReport> {
  const report: ContainerReconcileReport = { removed: [], down: [] };
  if (!(await isEngineReachable())) return report;
  const { db } = database;
  const docker = engine();
  const instance = await portalInstanceId(db);
  const filters = { label: [`${LABELS.instance}=${instance}`] };
  const [containers, networks, volumes, images] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }).then((v) => v.Volumes ?? []),
    docker.listImages({ all: true, filters }),
  ]);
  const runOf = (labels: Record<string, string> | undefined) => labels?.[LABELS.run] ?? "";
  const runIds = [
    ...new Set(
      [...containers, ...networks, ...volumes, ...images].map((o) => runOf(o.Labels ?? undefined)).filter(Boolean),
    ),
  ];
  const states = runIds.length
    ? await db
        .select({
          runId: provisioningRuns.id,
          runStatus: provisioningRuns.status,
          status: selfServiceEnvironments.status,
        })
        .from(provisioningRuns)
        .leftJoin(selfServiceEnvironments, eq(selfServiceEnvironments.runId, provisioningRuns.id))
        .where(
          inArray(
            provisioningRuns.id,
            runIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
          ),
        )
    : [];
  const isGone = (runId: string) => {
    const state = states.find((s) => s.runId === runId);
    if (!state) return true;
    if (state.runStatus === "running" || state.runStatus === "queued") return false;
    // Anything but destroyed or failed still has a use for its objects (ready, asleep, or being worked on).
    return !state.status || (!BUSY.includes(state.status) && ["destroyed", "failed"].includes(state.status));
  };
  const note = async (runId: string, text: string) => {
    if (states.some((s) => s.runId === runId)) await appendEvent(db, runId, text, { level: "warn" }).catch(() => {});
  };
  for (const c of containers.filter((c) => isGone(runOf(c.Labels)))) {
    await tolerate(docker.getContainer(c.Id).remove({ force: true, v: true }));
    const name = c.Names?.[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12);
    report.removed.push({ kind: "container", name, runId: runOf(c.Labels) });
    await note(runOf(c.Labels), `removed leftover container ${name}: its environment is gone`);
  }
  for (const n of networks.filter((n) => isGone(runOf(n.Labels)))) {
    await tolerate(docker.getNetwork(n.Id ?? n.Name).remove());
    report.removed.push({ kind: "network", name: n.Name, runId: runOf(n.Labels) });
  }
  for (const v of volumes.filter((v) => isGone(runOf(v.Labels ?? undefined)))) {
    await tolerate(docker.getVolume(v.Name).remove({ force: true }));
    report.removed.push({ kind: "volume", name: v.Name, runId: runOf(v.Labels ?? undefined) });
  }
  for (const i of images.filter((i) => isGone(runOf(i.Labels)))) {
    await tolerate(docker.getImage(i.Id).remove({ force: true }));
    report.removed.push({ kind: "image", name: i.RepoTags?.[0] ?? i.Id, runId: runOf(i.Labels) });
  }

  // Ready environments: is every container their steps recorded still there and running?
  const recorded = await db
    .select({
      runId: provisioningSteps.runId,
      stepId: provisioningSteps.stepId,
      resources: provisioningSteps.resources,
      environmentId: selfServiceEnvironments.id,
      lastProbeError: selfServiceEnvironments.lastProbeError,
    })
    .from(provisioningSteps)
    .innerJoin(selfServiceEnvironments, eq(selfServiceEnvironments.runId, provisioningSteps.runId))
    .where(
      and(
        eq(selfServiceEnvironments.status, "ready"),
        eq(provisioningSteps.phase, "provision"),
        eq(provisioningSteps.status, "succeeded"),
        inArray(provisioningSteps.action, CONTAINER_ACTIONS),
        isNotNull(provisioningSteps.resources),
      ),
    );
  for (const step of recorded) {
    const list = (step.resources?.containers ?? []) as { id: string; name: string }[];
    for (const c of list) {
      const problem = await containerProblem(docker, c.id);
      if (!problem) continue;
      const reason = `container ${c.name} ${problem}; destroy this environment and start a new one`;
      if (step.lastProbeError !== reason) {
        await markDown(db, step.environmentId, reason);
        await appendEvent(db, step.runId, `container ${c.name} ${problem}`, { level: "warn", stepId: step.stepId });
      }
      report.down.push({ environmentId: step.environmentId, reason });
      break;
    }
  }
  return report;
}

async function containerProblem(docker: Docker, id: string): Promise<string | null> {
  try {
    const info = await docker.getContainer(id).inspect();
    return info.State.Running ? null : `is not running (${describeState(info)})`;
  } catch (error) {
    if (isNotFound(error)) return "was removed outside the portal";
    throw error;
  }
}

async function tolerate(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (!isNotFound(error)) console.warn(`[portolan] container reconcile: ${(error as Error).message}`);
  }
}
