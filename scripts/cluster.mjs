// The launcher's worker processes (PORTOLAN_WORKERS > 1; scripts/serve.mjs): Node's cluster module,
// every worker serving the one listening port. Kept apart from serve.mjs so it is tested with a stub
// server (scripts/cluster.test.ts) instead of the built app.
//
// - Worker 1 starts alone (it migrates the database and starts the job queue), the others once it is
//   ready, so start-up work never races. Worker 1 is the only one that runs background work; the
//   others get PORTOLAN_WORKER=false (their queue only sends). Each knows its slot from
//   PORTOLAN_CLUSTER_WORKER (1…N); a replacement keeps the slot, so worker 1's role survives a restart.
// - A worker that exits during start-up stops the whole launcher (a setting or the database is wrong:
//   starting it again would not help). One that dies later is replaced after a back-off (1 s, doubling
//   to 30 s while replacements keep dying within a minute), logged.
// - SIGTERM/SIGINT: every worker stops as a single process does (stops accepting, finishes requests in
//   flight, closes), then the launcher exits; a worker still there after the grace period is killed.
import cluster from "node:cluster";

export const SLOT_VARIABLE = "PORTOLAN_CLUSTER_WORKER";

const DEFAULT_RESTART = { firstMs: 1_000, maxMs: 30_000, stableMs: 60_000 };

/** The worker's slot (1…N) under the launcher, or 0 in a single process. */
export function workerSlot(env = process.env) {
  return Number(env[SLOT_VARIABLE] ?? 0) || 0;
}

/** Delay before replacing a worker that died, after `failures` replacements in a row that died young. */
export function restartDelay(failures, { firstMs, maxMs } = DEFAULT_RESTART) {
  return Math.min(firstMs * 2 ** failures, maxMs);
}

/** What a worker's exit says, for the log. */
function describeExit(code, signal) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/**
 * Starts `count` workers running `exec` (default: this script) and keeps them running.
 * @param {{
 *   count: number,
 *   exec?: string,
 *   env?: Record<string, string>,
 *   log?: { info: (text: string) => void, warn: (text: string) => void, error: (text: string) => void },
 *   restart?: { firstMs: number, maxMs: number, stableMs: number },
 *   graceMs?: number,
 * }} options
 * @returns {{ ready: Promise<{ address: import("node:cluster").Address }>, stop: (signal?: NodeJS.Signals) => Promise<void>, pids: () => number[] }}
 */
export function startPrimary(options) {
  const { count, env = {}, graceMs = 12_000 } = options;
  const log = options.log ?? {
    info: (t) => console.info(`[portolan] ${t}`),
    warn: (t) => console.warn(`[portolan] ${t}`),
    error: (t) => console.error(`[portolan] ${t}`),
  };
  const restart = { ...DEFAULT_RESTART, ...options.restart };
  if (options.exec) cluster.setupPrimary({ exec: options.exec });

  /** @type {Map<number, { worker: import("node:cluster").Worker | null, startedAt: number, listening: boolean, failures: number, timer: NodeJS.Timeout | null }>} */
  const slots = new Map();
  let stopping = false;
  let starting = true;
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject)));
  // The launcher's start-up failure is reported by the caller through `ready`.
  ready.catch(() => {});

  function fork(slot) {
    const state = slots.get(slot);
    const worker = cluster.fork({
      ...env,
      [SLOT_VARIABLE]: String(slot),
      // Only worker 1 runs background work; a PORTOLAN_WORKER=false from outside holds for all.
      ...(slot > 1 ? { PORTOLAN_WORKER: "false" } : {}),
    });
    state.worker = worker;
    state.startedAt = Date.now();
    state.listening = false;
    return new Promise((resolve, reject) => {
      worker.once("listening", (address) => {
        state.listening = true;
        resolve(address);
      });
      worker.once("exit", (code, signal) => {
        const listened = state.listening;
        state.worker = null;
        const error = new Error(`worker ${slot} exited during start-up (${describeExit(code, signal)})`);
        if (!listened) reject(error);
        if (stopping) return;
        if (starting) return abortStart(error);
        const livedMs = Date.now() - state.startedAt;
        if (listened && livedMs >= restart.stableMs) state.failures = 0;
        const delay = restartDelay(state.failures, restart);
        state.failures++;
        log.warn(
          `worker ${slot} (pid ${worker.process.pid}) died (${describeExit(code, signal)}${listened ? "" : ", before it was ready"}); starting a new one in ${delay / 1000} s`,
        );
        state.timer = setTimeout(() => {
          state.timer = null;
          if (stopping) return;
          fork(slot).then(
            () => log.info(`worker ${slot} is back (pid ${slots.get(slot).worker?.process.pid})`),
            () => {}, // its exit handler has scheduled the next attempt
          );
        }, delay);
      });
    });
  }

  for (let slot = 1; slot <= count; slot++)
    slots.set(slot, { worker: null, startedAt: 0, listening: false, failures: 0, timer: null });

  let aborted = false;
  async function abortStart(error) {
    if (aborted) return;
    aborted = true;
    starting = false;
    await stop("SIGTERM");
    rejectReady(error);
  }

  (async () => {
    try {
      // Worker 1 first: it migrates the database and starts the queue before the others open it.
      const address = await fork(1);
      const rest = [];
      for (let slot = 2; slot <= count; slot++) rest.push(fork(slot));
      await Promise.all(rest);
      if (aborted) return;
      starting = false;
      resolveReady({ address });
    } catch (error) {
      await abortStart(error);
    }
  })();

  /** Stops every worker gracefully (each finishes its requests in flight) and resolves once all exited. */
  async function stop(signal = "SIGTERM") {
    stopping = true;
    const exits = [];
    for (const state of slots.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      const worker = state.worker;
      if (!worker || worker.isDead()) continue;
      exits.push(new Promise((resolve) => worker.once("exit", resolve)));
      worker.process.kill(signal);
    }
    const killer = setTimeout(() => {
      for (const state of slots.values()) {
        if (state.worker && !state.worker.isDead()) {
          log.warn(`worker (pid ${state.worker.process.pid}) did not stop within ${graceMs / 1000} s; killing it`);
          state.worker.process.kill("SIGKILL");
        }
      }
    }, graceMs);
    killer.unref();
    await Promise.all(exits);
    clearTimeout(killer);
  }

  return {
    ready,
    stop,
    pids: () => [...slots.values()].flatMap((s) => (s.worker?.process.pid ? [s.worker.process.pid] : [])),
  };
}
