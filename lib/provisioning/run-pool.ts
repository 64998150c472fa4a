// The runs this process is executing. A `provisioning-run` job only delivers a run id: the run row
// is the durable claim (heartbeat, stale recovery), so the job completes once the run is claimed and
// started here. Jobs can then be fetched in batches, and a long run never holds a queue slot.

import { setting } from "@/lib/runtime/settings";
import { describeError } from "@/lib/errors";

type Waiter = () => void;

export type RunPool = {
  /** Waits for a free slot (backpressure: a full worker takes no more jobs). */
  acquire: () => Promise<void>;
  release: () => void;
  /** Keeps track of a started run until it settles; releases its slot then. */
  track: (run: Promise<unknown>) => void;
  /** Resolves when no run is in flight, or after timeoutMs. */
  idle: (timeoutMs?: number) => Promise<void>;
  readonly active: number;
};

export function createRunPool(limit: number): RunPool {
  let active = 0;
  const waiters: Waiter[] = [];
  const running = new Set<Promise<unknown>>();
  const pool: RunPool = {
    acquire: () => {
      if (active < limit) {
        active++;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiters.push(() => (active++, resolve())));
    },
    release: () => {
      active--;
      waiters.shift()?.();
    },
    track: (run) => {
      const settled = run
        .catch((error) => console.error("[portolan] provisioning run:", describeError(error)))
        .finally(() => {
          running.delete(settled);
          pool.release();
        });
      running.add(settled);
    },
    idle: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (running.size && Date.now() < deadline) {
        await Promise.race([
          Promise.allSettled([...running]),
          new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now()))),
        ]);
      }
    },
    get active() {
      return active;
    },
  };
  return pool;
}

type Holder = { __portolanRunPool?: RunPool };

/** This process's pool (PORTOLAN_RUN_CONCURRENCY runs at once, default 20). */
export function processRunPool(): RunPool {
  const holder = globalThis as Holder;
  holder.__portolanRunPool ??= createRunPool(setting("runConcurrency"));
  return holder.__portolanRunPool;
}
