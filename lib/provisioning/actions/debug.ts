import { z } from "zod";
import { defineAction, sleep } from "./types";

export const debugLog = defineAction({
  id: "debug:log",
  description: "Writes a message to the run's log (and, at teardown, that it was undone).",
  schema: z.object({ message: z.string().default("") }).loose(),
  declaredOutputs: () => ["message"],
  run: async ({ input, log, setResources }) => {
    await log(input.message);
    await setResources({ message: input.message });
    return { message: input.message };
  },
  teardown: async ({ resources, log }) => {
    await log(`undo: ${String(resources?.message ?? "")}`);
  },
});

export const debugWait = defineAction({
  id: "debug:wait",
  description: "Waits for a number of seconds (or milliseconds); cancellable.",
  schema: z.object({
    seconds: z.coerce.number().min(0).max(3600).optional(),
    milliseconds: z.coerce.number().min(0).optional(),
  }),
  declaredOutputs: () => ["waitedMs"],
  run: async ({ input, signal, log }) => {
    const ms = input.milliseconds ?? (input.seconds ?? 1) * 1000;
    await log(`waiting ${ms} ms`);
    await sleep(ms, signal);
    return { waitedMs: ms };
  },
});

export const debugFail = defineAction({
  id: "debug:fail",
  description: "Fails with a message, for testing rollback and retry.",
  schema: z.object({
    message: z.string().default("failed on purpose"),
    when: z.union([z.boolean(), z.string()]).default(true),
  }),
  // Its switch may come from the worker's environment (tests flip a failure between run and retry); never its message.
  secretInputs: ["when"],
  declaredOutputs: () => [],
  run: async ({ input }) => {
    if (input.when === true || input.when === "true") throw new Error(input.message);
    return {};
  },
});
