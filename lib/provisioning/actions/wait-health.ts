import { z } from "zod";
import { egressFetch, egressRefusal, loopbackPortRules } from "@/lib/egress";
import { localProcessPorts } from "./local-ports";
import type { Database } from "@/db/client";
import { defineAction, sleep, type StepLog } from "./types";

const schema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  timeoutSeconds: z.coerce.number().positive().max(3600).default(60),
  intervalMs: z.coerce.number().min(50).max(60_000).default(200),
});

type Context = { input: z.infer<typeof schema>; runId: string; database: Database; signal: AbortSignal; log: StepLog };

async function waitUntilHealthy({ input, runId, database, signal, log }: Context) {
  const started = Date.now();
  let last = "no answer yet";
  // Besides what the egress policy allows: the loopback ports this run's own local:process steps started.
  const allow = loopbackPortRules(await localProcessPorts(database.db, runId));
  await log(`waiting for ${input.url} to be healthy`);
  while (Date.now() - started < input.timeoutSeconds * 1000) {
    try {
      const response = await egressFetch(input.url, { signal, timeoutMs: 5000, egress: { allow } });
      await response.body?.cancel();
      if (response.ok) {
        await log(`healthy after ${Date.now() - started} ms (HTTP ${response.status})`);
        return { status: response.status, elapsedMs: Date.now() - started };
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error;
      // A refusal will not change by waiting: fail now, with the reason.
      const refusal = egressRefusal(error);
      if (refusal) throw refusal;
      // fetch says "fetch failed"; the cause says why (connection refused, reset).
      const e = error as { message?: string; cause?: { message?: string } };
      last = e.cause?.message ?? e.message ?? String(error);
    }
    await sleep(input.intervalMs, signal);
  }
  throw new Error(`${input.url} was not healthy within ${input.timeoutSeconds} s (last: ${last})`);
}

export const waitHealth = defineAction({
  id: "wait:health",
  description: "Polls a URL until it answers 2xx, or fails after the timeout.",
  schema,
  declaredOutputs: () => ["status", "elapsedMs"],
  run: waitUntilHealthy,
  // Woken: healthy again before the environment is called ready.
  wake: waitUntilHealthy,
});
