// What the GitHub admin routes answer, as zod schemas (lib/api/contract.ts: the document and the
// handlers' type checks come from them).
import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });

export const syncRunView = z.object({
  id: z.number().int(),
  org: z.string(),
  trigger: z.string(),
  status: z
    .string()
    .meta({ description: "running, succeeded, partial (some repositories failed), failed or interrupted." }),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  durationMs: z.number().int().nullable(),
  calls: z.number().int().meta({ description: "GitHub API calls made." }),
  notModified: z.number().int().meta({ description: "Calls answered 304 from the ETag cache (free)." }),
  rateLimitRemaining: z.number().int().nullable(),
  repos: z.number().int(),
  entities: z.number().int(),
  removed: z.number().int(),
  errors: z.array(
    z.object({
      repo: z.string().optional(),
      file: z.string().optional(),
      document: z.number().int().optional(),
      field: z.string().optional(),
      message: z.string(),
    }),
  ),
});

export const syncRuns = z.object({
  runs: z.array(syncRunView),
  isRunning: z.boolean(),
});

export const syncQueued = z.object({ status: z.literal("queued") });

const delivery = z.object({
  ok: z.literal(true),
  event: z.string().optional(),
  ignored: z.literal(true).optional().meta({ description: "An event the portal does not use." }),
  duplicate: z.literal(true).optional().meta({ description: "This delivery id was processed already." }),
  queued: z.string().optional().meta({ description: "The delivery id, stored with its job." }),
  redelivery: z.literal(true).optional(),
});

/** POST /api/webhooks/github: what GitHub is told (it only shows it in the delivery log). */
export const webhookAnswers = {
  200: { description: "A ping, or a duplicate delivery.", schema: delivery },
  202: { description: "Stored and queued (or an event the portal ignores).", schema: delivery },
};
