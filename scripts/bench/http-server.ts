// The production build started as users get it (scripts/serve.mjs) on a fresh database, with an admin
// API token and a signed-in admin session made before it starts. Benches talk to it over loopback.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { openDatabase, type Database, type OpenOptions } from "@/db/client";
import { createApiToken } from "@/lib/auth/tokens";
import { signInWithDevLogin } from "@/lib/auth/sign-in";
import { startSession } from "@/lib/auth/sessions";
import { API_SCOPES } from "@/db/schema";

export type Driver = "postgres" | "embedded";

export type BenchServer = {
  driver: Driver;
  baseUrl: string;
  /** `Authorization` header value of an admin API token stored in the database. */
  authorization: string;
  /** `Cookie` header value of a signed-in admin's session. */
  cookie: string;
  pid: number;
  /** Resident memory of the server now, in MiB (Linux /proc): the launcher and its workers together. */
  rssMiB: () => number;
  /** CPU time (user + system) the launcher and its live workers have used so far, in ms (Linux /proc; 0 elsewhere). */
  cpuMs: () => number;
  /** The server's processes now: the launcher, then its workers (children). */
  pids: () => number[];
  /** Opens the same database in this process (only while the server is stopped on the embedded one). */
  open: () => Promise<Database>;
  stop: () => Promise<void>;
  /** Stops the server and removes the database. */
  dispose: () => Promise<void>;
};

const SECRET = randomBytes(32).toString("base64url");

/** Runs `next build` when there is no production build yet (or when asked to rebuild). */
export function ensureBuild(rebuild = false): void {
  if (!rebuild && fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) return;
  console.log("building the production app (next build)…");
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}

async function freshPostgres(url: string): Promise<{ options: OpenOptions; url: string; drop: () => Promise<void> }> {
  const name = `portolan_bench_${randomBytes(5).toString("hex")}`;
  const run = async (statement: string) => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    options: { url: target.toString(), pool: { statementTimeoutMs: 0 } },
    url: target.toString(),
    drop: () => run(`drop database if exists ${name} with (force)`),
  };
}

/** An admin account, its session cookie and an admin token, written before the server opens the database. */
async function credentials(database: Database) {
  const user = await signInWithDevLogin(database.db, { login: "bench-admin" });
  const session = await startSession(database.db, { userId: user.id, method: "bench" });
  const actor = { kind: "system", name: "bench", role: "admin" } as const;
  const token = await createApiToken(database.db, actor, { name: "bench", role: "admin", scopes: API_SCOPES });
  const jwt = await encode({ token: { sid: session.id, uid: user.id }, secret: SECRET });
  return { authorization: `Bearer ${token.token}`, cookie: `next-auth.session-token=${jwt}` };
}

function rssKbOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Fields of /proc/<pid>/stat after the command name (field 3 onwards), or null when it is gone. */
function statOf(pid: number): string[] | null {
  try {
    const line = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return line.slice(line.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** `pid` and its children (the launcher's workers under PORTOLAN_WORKERS > 1). */
export function processTree(pid: number): number[] {
  const children: number[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [pid];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    // Field 4 (ppid) is the second after the command name.
    if (Number(statOf(Number(entry))?.[1]) === pid) children.push(Number(entry));
  }
  return [pid, ...children];
}

/** CPU time (user + system) of the processes, in ms: utime and stime are fields 14 and 15, in ticks of 10 ms. */
function cpuMsOf(pids: number[]): number {
  let ms = 0;
  for (const pid of pids) {
    const fields = statOf(pid);
    if (fields) ms += (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return ms;
}

async function waitUntilReady(
  baseUrl: string,
  child: ChildProcess,
  isAnnounced: () => boolean,
  deadlineMs = 180_000,
): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    // With several workers the first answers before the others are up: wait for the launcher's line.
    if (!isAnnounced()) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer ${baseUrl}/api/health within ${deadlineMs / 1000} s`);
}

const readiness = new WeakMap<ChildProcess, () => boolean>();

function launch(port: number, env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "scripts/serve.mjs"],
    {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        PORTOLAN_HOST: "127.0.0.1",
        NEXTAUTH_SECRET: SECRET,
        NEXTAUTH_URL: `http://localhost:${port}`,
        PORTOLAN_DEMO: "false",
        PORTOLAN_DEV_LOGIN: "false",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let announced = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    if (process.env.BENCH_VERBOSE) process.stdout.write(chunk);
    if (!announced.includes("ready on")) announced = (announced + chunk.toString()).slice(-4096);
  });
  readiness.set(child, () => announced.includes("[portolan] ready on"));
  child.stderr?.on("data", (chunk: Buffer) => {
    if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
  });
  return child;
}

export type BenchServerOptions = {
  /** More environment for the server (e.g. PORTOLAN_SCORECARDS_DIR). */
  env?: Record<string, string>;
  /** Runs on the fresh database in this process before the server opens it (the embedded one has one owner). */
  prepare?: (database: Database) => Promise<void>;
};

/** A fresh database of `driver`, credentials in it, and the production server on `port` reading it. */
export async function startBenchServer(
  driver: Driver,
  port: number,
  options: BenchServerOptions = {},
): Promise<BenchServer> {
  let open: OpenOptions;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  if (driver === "postgres") {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the postgres driver needs a server");
    const fresh = await freshPostgres(url);
    open = fresh.options;
    env = { DATABASE_URL: fresh.url };
    drop = fresh.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-bench-http-"));
    open = { dataDir: dir };
    env = { DATABASE_URL: "", PORTOLAN_DATA_DIR: dir };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const setup = await openDatabase(open);
  let creds: Awaited<ReturnType<typeof credentials>>;
  try {
    creds = await credentials(setup);
    await options.prepare?.(setup);
  } catch (error) {
    await setup.close();
    await drop();
    throw error;
  }
  await setup.close();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = launch(port, { ...env, ...options.env });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitUntilReady(baseUrl, child, readiness.get(child)!);
  } catch (error) {
    await stop();
    await drop();
    throw error;
  }
  return {
    driver,
    baseUrl,
    ...creds,
    get pid() {
      return child.pid ?? 0;
    },
    rssMiB: () => Math.round(processTree(child.pid ?? 0).reduce((kb, pid) => kb + rssKbOf(pid), 0) / 1024),
    cpuMs: () => cpuMsOf(processTree(child.pid ?? 0)),
    pids: () => processTree(child.pid ?? 0),
    open: () => openDatabase(open),
    stop,
    dispose: async () => {
      await stop();
      await drop();
    },
  };
}
