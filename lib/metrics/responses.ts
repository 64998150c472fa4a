// What Admin → System's route answers, as a zod schema (lib/api/contract.ts).
import { z } from "zod";

export const systemStatusView = z.object({
  snapshot: z
    .record(z.string(), z.unknown())
    .meta({ description: "The same state /api/v1/metrics exports: catalog, queue, runs, probes, GitHub sync." }),
  attention: z.array(
    z.object({
      area: z.enum(["queue", "runs", "github", "probes", "catalog", "previews"]),
      message: z.string(),
    }),
  ),
  githubConfigured: z.boolean(),
});
