import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { processMarker } from "../process-marker";
import type { Database } from "@/db/client";
import { defineAction, sleep, type StepLog, type TeardownContext } from "./types";

/** On by default only on the embedded database (one machine); elsewhere PORTOLAN_LOCAL_ACTIONS=true. */
export function isLocalActionsEnabled(kind: "embedded" | "postgres", env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.PORTOLAN_LOCAL_ACTIONS;
  if (flag === "true") return true;
  if (flag === "false") return false;
  return kind === "embedded";
}

/** `port` when nothing listens on it on loopback now; else null. */
export async function portIfFree(port: number): Promise<number | null> {
  if (!Number.isInteger(port) || port < 1024 || port > 65_535) return null;
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(port)));
  });
}

export async function allocatePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold spaces), starting at field 3
 * (the state: R, S, Z…); null when there is no such process or no /proc.
 */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** A zombie (or a dying process) has exited; only its parent has yet to reap it. */
const isExited = (fields: string[]) => fields[0] === "Z" || fields[0] === "X";

/** Running, not a zombie: a killed child stays in the process table until its parent reaps it. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const fields = statFields(pid);
  return !fields || !isExited(fields);
}

/**
 * Who a pid is: this boot and the process's start time (Linux /proc), so a teardown after a restart
 * or a reboot never signals a stranger that was given the same pid. Null where /proc is missing.
 */
export function processIdentity(pid: number): string | null {
  const fields = statFields(pid);
  // starttime is field 22; a zombie has exited and is nobody's process any more.
  if (!fields || isExited(fields)) return null;
  try {
    const startTime = fields[19];
    const boot = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return startTime ? `${boot}:${startTime}` : null;
  } catch {
    return null;
  }
}

/** Stops a process group started here: TERM, then KILL after a grace period. */
export async function stopProcess(pid: number, graceMs = 3000): Promise<boolean> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  if (!isAlive(pid)) return false;
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isAlive(pid)) await sleep(50);
  if (isAlive(pid)) {
    signal("SIGKILL");
    // Gone once the kernel has delivered it, which takes a moment on a busy machine.
    const killed = Date.now() + 10_000;
    while (Date.now() < killed && isAlive(pid)) await sleep(50);
  }
  return true;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Words of a command line: whitespace separates, single or double quotes group; nothing else is special. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3]);
  return words;
}

const schema = z.object({
  command: z.string().min(1).optional(),
  /** Or a whole command line (a repository's portolan.dev/preview-command): split into words, never a shell. */
  commandLine: z.string().nullish(),
  args: z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).default([]),
  cwd: z.string().optional(),
  env: z.record(z.string().regex(ENV_NAME), z.union([z.string(), z.number()]).transform(String)).default({}),
  host: z.string().optional(),
  /** Fail if the process exits within this many ms (it crashed on start). */
  settleMs: z.coerce.number().min(0).max(10_000).default(150),
});

type StartContext = {
  input: z.infer<typeof schema>;
  runId: string;
  stepId: string;
  database: Database;
  log: StepLog;
  setResources: (resources: Record<string, unknown>) => Promise<void>;
};

/** Spawns the command on `port` and records its pid before anything else can fail. */
async function startProcess({ input, runId, stepId, database, log, setResources }: StartContext, port: number) {
  if (!isLocalActionsEnabled(database.kind)) {
    throw new Error(
      "local:process is disabled on a shared database; set PORTOLAN_LOCAL_ACTIONS=true to allow it on this worker.",
    );
  }
  const words = input.command ? [input.command, ...input.args] : splitCommandLine(input.commandLine ?? "");
  if (!words.length)
    throw new Error(
      "no start command: the component has no portolan.dev/preview-command annotation and the repository no Procfile web: line",
    );
  const [program, ...programArgs] = words;
  const command = program === "node" ? process.execPath : program;
  const cwd = path.resolve(/*turbopackIgnore: true*/ process.cwd(), input.cwd ?? ".");
  // A small, explicit environment: the worker's secrets are not inherited.
  // The marker (this portal, run and step) lets a restarted portal find the process again (reconcile-local-processes.ts).
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    ...input.env,
    ...(await processMarker(database, runId, stepId)),
    PORT: String(port),
  } as unknown as NodeJS.ProcessEnv;
  // Its own process group, so teardown stops the whole tree; it outlives a crashed worker and
  // is stopped by pid at teardown (the pid is stored before anything else can fail).
  const child = spawn(command, programArgs, {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    shell: false,
  });
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once("spawn", () => resolve(null));
    child.once("error", (error) => resolve(error));
  });
  if (spawned || !child.pid) throw new Error(`could not start ${program}: ${spawned?.message ?? "no pid"}`);
  const pid = child.pid;
  await setResources({ pid, port, identity: processIdentity(pid) });
  let exitCode: number | null | undefined;
  child.once("exit", (code, sig) => {
    exitCode = code ?? -1;
    void log(`process ${pid} exited (${sig ?? `code ${code}`})`, code === 0 ? "info" : "warn").catch(() => {});
  });
  const forward = (stream: NodeJS.ReadableStream | null, level: "info" | "warn") => {
    let buffer = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) void log(`[${pid}] ${line.slice(0, 2000)}`, level).catch(() => {});
    });
    stream?.on("error", () => {});
  };
  forward(child.stdout, "info");
  forward(child.stderr, "warn");
  child.unref();
  await log(`started ${path.basename(command)} (pid ${pid}) on port ${port}`);
  await sleep(input.settleMs);
  if (exitCode !== undefined) throw new Error(`${program} exited at start (code ${exitCode})`);
  return { pid, port, url: urlOf(input, port) };
}

function urlOf(input: { host?: string }, port: number) {
  return `http://${input.host ?? process.env.PORTOLAN_PREVIEW_HOST ?? "localhost"}:${port}`;
}

/** The recorded process when it still runs (same pid, same start): waking it again starts nothing. */
export function isRecordedAlive(resources: Record<string, unknown> | null): { pid: number; port: number } | null {
  const pid = Number(resources?.pid);
  const identity = resources?.identity;
  if (!Number.isInteger(pid) || pid <= 1 || typeof identity !== "string") return null;
  return processIdentity(pid) === identity ? { pid, port: Number(resources?.port) } : null;
}

/** Stops the recorded process — unless its pid now names another process, which is left alone. */
async function stopRecorded({ resources, log }: Pick<TeardownContext, "resources" | "log">) {
  const pid = Number(resources?.pid);
  if (!Number.isInteger(pid) || pid <= 1) return;
  const identity = typeof resources?.identity === "string" ? resources.identity : null;
  const current = processIdentity(pid);
  if (identity && current && current !== identity) {
    await log(`process ${pid} had already exited (the pid now belongs to another process, which is left alone)`);
    return;
  }
  const stopped = await stopProcess(pid);
  await log(stopped ? `stopped process ${pid}` : `process ${pid} had already exited`);
}

export const localProcess = defineAction({
  id: "local:process",
  description:
    "Starts a command as a supervised child process with an allocated port (PORT); arguments are an array, never a shell.",
  schema,
  // The process's own environment may carry a secret (a database password); never its arguments.
  secretInputs: ["env.*"],
  declaredOutputs: () => ["pid", "port", "url"],
  run: async (ctx) => startProcess(ctx, await allocatePort()),
  sleep: async (ctx) => stopRecorded(ctx),
  // The same command, environment and, when it is still free, the same port (so the URL stays).
  wake: async (ctx) => {
    const running = isRecordedAlive(ctx.resources);
    if (running) return { pid: running.pid, port: running.port, url: urlOf(ctx.input, running.port) };
    return startProcess(ctx, (await portIfFree(Number(ctx.resources?.port))) ?? (await allocatePort()));
  },
  teardown: async (ctx) => stopRecorded(ctx),
});
