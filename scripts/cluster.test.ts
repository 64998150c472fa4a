// The launcher's workers (scripts/cluster.mjs) with a stub server in place of the app
// (scripts/cluster.fixture.mjs), run as a separate process as `npm start` would run them.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { restartDelay } from "./cluster.mjs";

const FIXTURE = path.join(__dirname, "cluster.fixture.mjs");

type Answer = { pid: number; slot: number; background: boolean };
type Launcher = { child: ChildProcess; output: () => string; port: number; exited: Promise<number | null> };

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

async function launch(env: Record<string, string> = {}): Promise<Launcher> {
  const child = spawn(process.execPath, [FIXTURE], { env: { ...process.env, ...env }, stdio: "pipe" });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let port = 0;
  await vi.waitFor(
    () => {
      const match = /ready on port (\d+)/.exec(output);
      if (!match && child.exitCode === null) throw new Error("not ready yet");
      port = Number(match?.[1] ?? 0);
    },
    { timeout: 20_000, interval: 50 },
  );
  return { child, output: () => output, port, exited };
}

function get(port: number, pathname = "/"): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: pathname, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
  });
}

/** Answers from fresh connections until every worker in `count` has answered (round robin spreads them). */
async function answersFrom(port: number, count: number): Promise<Map<number, Answer>> {
  const seen = new Map<number, Answer>();
  for (let i = 0; i < 100 && seen.size < count; i++) {
    const answer = JSON.parse(await get(port)) as Answer;
    seen.set(answer.pid, answer);
  }
  return seen;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the launcher's workers", () => {
  it("serves one port from every worker; only worker 1 runs background work", async () => {
    const launcher = await launch({ FIXTURE_WORKERS: "2" });
    const answers = [...(await answersFrom(launcher.port, 2)).values()];
    expect(answers.map((a) => a.slot).sort()).toEqual([1, 2]);
    expect(answers.find((a) => a.slot === 1)?.background).toBe(true);
    expect(answers.find((a) => a.slot === 2)?.background).toBe(false);
  });

  it("replaces a worker that dies, in the same slot (worker 1 keeps the background work), and logs it", async () => {
    const launcher = await launch({ FIXTURE_WORKERS: "2" });
    const before = await answersFrom(launcher.port, 2);
    const first = [...before.values()].find((a) => a.slot === 1)!;
    process.kill(first.pid, "SIGKILL");
    await vi.waitFor(() => expect(launcher.output()).toMatch(/worker 1 is back/), { timeout: 10_000, interval: 50 });
    expect(launcher.output()).toMatch(
      new RegExp(`worker 1 \\(pid ${first.pid}\\) died \\(signal SIGKILL\\); starting a new one in 0.05 s`),
    );
    const after = [...(await answersFrom(launcher.port, 2)).values()];
    const replacement = after.find((a) => a.slot === 1)!;
    expect(replacement.pid).not.toBe(first.pid);
    expect(replacement.background).toBe(true);
    expect(after.find((a) => a.slot === 2)?.background).toBe(false);
  });

  it("on SIGTERM lets a request in flight finish, stops every worker and exits 143", async () => {
    const launcher = await launch({ FIXTURE_WORKERS: "2" });
    const workers = [...(await answersFrom(launcher.port, 2)).keys()];
    // The request has reached a worker (its first bytes are back) when the launcher is told to stop.
    let inFlight!: () => void;
    const started = new Promise<void>((resolve) => (inFlight = resolve));
    const slow = new Promise<string>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: launcher.port, path: "/slow", agent: false }, (res) => {
          let body = "";
          res.on("data", (chunk) => {
            body += chunk;
            inFlight();
          });
          res.on("end", () => resolve(body));
        })
        .on("error", reject);
    });
    await started;
    launcher.child.kill("SIGTERM");
    expect(await slow).toBe("started, finished");
    expect(await launcher.exited).toBe(143);
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
  });

  it("stops with the worker's reason when one fails at start-up, instead of starting it again and again", async () => {
    const launcher = await launch({ FIXTURE_WORKERS: "3", FIXTURE_FAIL_SLOT: "2" });
    expect(await launcher.exited).toBe(1);
    expect(launcher.output()).toMatch(/fixture: refusing to start/);
    expect(launcher.output()).toMatch(/worker 2 exited during start-up \(exit code 3\)/);
    expect(launcher.output()).not.toMatch(/ready on port/);
  });

  it("backs off: 1 s, doubling, at most 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => restartDelay(n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});
