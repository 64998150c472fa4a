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
  /** Resident memory of the server process now, in MiB (Linux /proc). */
  rssMiB: () => number;
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

function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, deadlineMs = 180_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
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

function launch(port: number, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(" ") ?? []), "scripts/serve.mjs"], {
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
    stdio: ["ignore", "ignore", "pipe"],
  });
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
    await waitUntilReady(baseUrl, child);
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
    rssMiB: () => rssOf(child.pid ?? 0),
    open: () => openDatabase(open),
    stop,
    dispose: async () => {
      await stop();
      await drop();
    },
  };
}
