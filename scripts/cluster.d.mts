export const SLOT_VARIABLE: "PORTOLAN_CLUSTER_WORKER";
export function workerSlot(env?: Record<string, string | undefined>): number;
export function restartDelay(failures: number, options?: { firstMs: number; maxMs: number }): number;
export function startPrimary(options: {
  count: number;
  exec?: string;
  env?: Record<string, string>;
  log?: { info: (text: string) => void; warn: (text: string) => void; error: (text: string) => void };
  restart?: { firstMs: number; maxMs: number; stableMs: number };
  graceMs?: number;
}): {
  ready: Promise<{ address: { address: string; port: number } }>;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  pids: () => number[];
};
