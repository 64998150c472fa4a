// The container engine: Docker, or Podman's Docker-compatible service, over a local unix socket
// through dockerode. Which socket is the operator's choice (PORTOLAN_CONTAINER_HOST, else DOCKER_HOST,
// else the usual places), never a template's: a template names images and ports, not engines.
import fs from "node:fs";
import Docker from "dockerode";

export const LABELS = {
  instance: "dev.portolan.instance",
  run: "dev.portolan.run",
  step: "dev.portolan.step",
  environment: "dev.portolan.environment",
  role: "dev.portolan.role",
} as const;

const DEFAULT_SOCKETS = ["/var/run/docker.sock", "/run/podman/podman.sock"];

/** The engine's unix socket path; only unix sockets (the engine is on this machine). */
export function engineSocket(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.PORTOLAN_CONTAINER_HOST || env.DOCKER_HOST;
  if (configured) {
    if (configured === "none" || configured === "false") return null;
    if (!configured.startsWith("unix://"))
      throw new Error(
        `${env.PORTOLAN_CONTAINER_HOST ? "PORTOLAN_CONTAINER_HOST" : "DOCKER_HOST"}=${configured}: only a local unix:// socket is supported`,
      );
    return configured.slice("unix://".length);
  }
  return DEFAULT_SOCKETS.find((p) => fs.existsSync(p)) ?? null;
}

type Holder = { __portolanEngine?: { socket: string; docker: Docker } };
const holder = globalThis as Holder;

/** The engine client, or an error that says how to configure one. */
export function engine(env: NodeJS.ProcessEnv = process.env): Docker {
  const socket = engineSocket(env);
  if (!socket)
    throw new Error(
      "no container engine is configured: start Docker, or Podman's service (podman system service), and set DOCKER_HOST=unix:///path/to.sock",
    );
  if (holder.__portolanEngine?.socket !== socket)
    holder.__portolanEngine = { socket, docker: new Docker({ socketPath: socket, timeout: 0 }) };
  return holder.__portolanEngine.docker;
}

let lastCheck: { socket: string | null; at: number; ok: boolean } | null = null;

/** Whether an engine answers (cached for 10 s): templates that need containers are offered only then. */
export async function isEngineReachable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  let socket: string | null;
  try {
    socket = engineSocket(env);
  } catch {
    return false;
  }
  if (!socket) return false;
  if (lastCheck && lastCheck.socket === socket && Date.now() - lastCheck.at < 10_000) return lastCheck.ok;
  const docker = new Docker({ socketPath: socket, timeout: 2000 });
  const ok = await docker.ping().then(
    () => true,
    () => false,
  );
  lastCheck = { socket, at: Date.now(), ok };
  return ok;
}

/** Waits for a streamed engine answer (build, import) and throws the engine's error message, if any. */
export function followStream(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onEvent: (event: { stream?: string; status?: string; error?: string; errorDetail?: { message?: string } }) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: string | null = null;
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : failure ? reject(new Error(failure)) : resolve()),
      (event: { stream?: string; status?: string; error?: string; errorDetail?: { message?: string } }) => {
        if (event.error || event.errorDetail) failure = event.errorDetail?.message ?? event.error ?? "failed";
        onEvent(event);
      },
    );
  });
}

/** The engine's message for a failed call (dockerode puts it in json.message). */
export function engineMessage(error: unknown): string {
  const e = error as { json?: { message?: string }; reason?: string; message?: string; statusCode?: number };
  return e.json?.message ?? e.message ?? String(error);
}

export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}
