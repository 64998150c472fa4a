// An environment's containers: a network of its own, containers with CPU and memory limits and the
// environment's labels, the preview's port published on 127.0.0.1 only, named volumes labelled like
// the rest. Teardown removes all of it; sleep stops the containers and keeps the volumes; wake and
// restart start them again and read the (possibly new) published port.
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { engine, engineMessage, isNotFound, LABELS } from "./engine";

export type StackResources = {
  network: string | null;
  containers: { id: string; name: string; service: string }[];
  volumes: string[];
  /** The container and port that serve the preview. */
  publicContainer: string | null;
  publicPort: number | null;
};

export type ContainerSpec = {
  service: string;
  name: string;
  image: string;
  env: Record<string, string>;
  command?: string[];
  port?: number | null;
  cpus: number;
  memoryMb: number;
  /** Named volumes of this environment: `name:/path`. */
  volumes?: { name: string; target: string }[];
  /** A directory of the portal's previews root mounted read-write (a database socket). */
  socketDir?: { source: string; target: string } | null;
};

export function emptyStack(): StackResources {
  return { network: null, containers: [], volumes: [], publicContainer: null, publicPort: null };
}

export async function createNetwork(name: string, labels: Record<string, string>): Promise<string> {
  // Not `internal`: Podman does not forward a published port into an internal network. Outbound
  // traffic is the engine's NAT, as for any container (see docs/SECURITY.md).
  const network = await engine().createNetwork({ Name: name, Labels: labels, CheckDuplicate: true });
  return network.id;
}

export async function createVolume(name: string, labels: Record<string, string>): Promise<string> {
  await engine().createVolume({ Name: name, Labels: labels });
  return name;
}

/** Creates and starts one container on the stack's network. */
export async function startContainer(
  spec: ContainerSpec,
  network: string,
  labels: Record<string, string>,
): Promise<{ id: string }> {
  const docker = engine();
  const exposed = spec.port ? { [`${spec.port}/tcp`]: {} } : {};
  const container = await docker.createContainer({
    name: spec.name,
    Image: spec.image,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    ...(spec.command?.length ? { Cmd: spec.command } : {}),
    Labels: { ...labels, [LABELS.role]: spec.service },
    ExposedPorts: exposed,
    HostConfig: {
      NetworkMode: network,
      PortBindings: spec.port ? { [`${spec.port}/tcp`]: [{ HostIp: "127.0.0.1", HostPort: "" }] } : {},
      NanoCpus: Math.round(spec.cpus * 1e9),
      Memory: spec.memoryMb * 1024 * 1024,
      PidsLimit: 512,
      CapDrop: ["NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP"],
      SecurityOpt: ["no-new-privileges"],
      Binds: [
        ...(spec.volumes ?? []).map((v) => `${v.name}:${v.target}`),
        ...(spec.socketDir ? [`${spec.socketDir.source}:${spec.socketDir.target}`] : []),
      ],
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [spec.service] } } },
  });
  await container.start();
  return { id: container.id };
}

/** The host port a container's port is published on (127.0.0.1), once the engine has assigned it. */
export async function publishedPort(id: string, port: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = await engine().getContainer(id).inspect();
    if (!info.State.Running) throw new Error(`the container stopped: ${describeState(info)}`);
    const binding = info.NetworkSettings.Ports?.[`${port}/tcp`]?.[0];
    if (binding?.HostPort) return Number(binding.HostPort);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the engine published no host port for ${port}/tcp`);
}

export function describeState(info: Docker.ContainerInspectInfo): string {
  const state = info.State;
  if (state.OOMKilled) return "killed for using more memory than its limit";
  if (state.Status === "exited") return `exited with code ${state.ExitCode}${state.Error ? ` (${state.Error})` : ""}`;
  return state.Status;
}

/**
 * Streams a container's output into the run log as it comes (at most `maxLines` lines, then a
 * note), until the container stops or the signal aborts.
 */
export async function streamLogs(
  id: string,
  prefix: string,
  log: (line: string, level: "info" | "warn") => Promise<void>,
  options: { signal?: AbortSignal; maxLines?: number } = {},
): Promise<void> {
  const docker = engine();
  const container = docker.getContainer(id);
  const stream = (await container.logs({
    follow: true,
    stdout: true,
    stderr: true,
    since: 0,
  })) as NodeJS.ReadableStream & {
    destroy?: () => void;
  };
  const max = options.maxLines ?? 1000;
  let count = 0;
  const forward = (level: "info" | "warn") => {
    const out = new PassThrough();
    let buffer = "";
    out.setEncoding("utf8");
    out.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        count++;
        if (count === max + 1) void log(`${prefix} more output is not copied into the run log`, "info").catch(stop);
        if (count > max) continue;
        void log(`${prefix} ${line.slice(0, 2000)}`, level).catch(stop);
      }
    });
    return out;
  };
  const stop = () => stream.destroy?.();
  options.signal?.addEventListener("abort", stop, { once: true });
  docker.modem.demuxStream(stream, forward("info"), forward("warn"));
  stream.on("error", () => {});
}

/** Removes every container, the network and the volumes of a stack; whatever is already gone is fine. */
export async function removeStack(stack: Partial<StackResources>, log: (line: string) => Promise<void>): Promise<void> {
  const docker = engine();
  const problems: string[] = [];
  for (const c of [...(stack.containers ?? [])].reverse()) {
    try {
      await docker.getContainer(c.id).remove({ force: true, v: true });
      await log(`removed container ${c.name}`);
    } catch (error) {
      if (!isNotFound(error)) problems.push(`container ${c.name}: ${engineMessage(error)}`);
    }
  }
  if (stack.network) {
    try {
      await docker.getNetwork(stack.network).remove();
      await log("removed the network");
    } catch (error) {
      if (!isNotFound(error)) problems.push(`network: ${engineMessage(error)}`);
    }
  }
  for (const volume of stack.volumes ?? []) {
    try {
      await docker.getVolume(volume).remove({ force: true });
      await log(`removed volume ${volume}`);
    } catch (error) {
      if (!isNotFound(error)) problems.push(`volume ${volume}: ${engineMessage(error)}`);
    }
  }
  if (problems.length) throw new Error(`could not remove: ${problems.join("; ")}`);
}

/** Stops the containers (newest first), keeping them and their volumes. */
export async function stopStack(stack: Partial<StackResources>, log: (line: string) => Promise<void>): Promise<void> {
  for (const c of [...(stack.containers ?? [])].reverse()) {
    try {
      await engine().getContainer(c.id).stop({ t: 10 });
      await log(`stopped container ${c.name}`);
    } catch (error) {
      // 304: already stopped; 404: gone (shown by the reconcile).
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 304 && status !== 404) throw error;
    }
  }
}

/** Starts (or restarts) the containers in order and returns the public port as published now. */
export async function startStack(
  stack: Partial<StackResources>,
  containerPort: number | null,
  mode: "start" | "restart",
  log: (line: string) => Promise<void>,
): Promise<number | null> {
  for (const c of stack.containers ?? []) {
    const container = engine().getContainer(c.id);
    try {
      if (mode === "restart") await container.restart({ t: 10 });
      else await container.start();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 304) throw new Error(`${c.name}: ${engineMessage(error)}`);
    }
    await log(`${mode === "restart" ? "restarted" : "started"} container ${c.name}`);
  }
  if (!stack.publicContainer || !containerPort) return null;
  return publishedPort(stack.publicContainer, containerPort);
}
