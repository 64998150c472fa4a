import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { webhookAnswers } from "@/lib/github/responses";
import { BODY_LIMITS } from "@/lib/http/read-body";

export const publicRoutes = {
  health: defineRoute({
    method: "GET",
    path: "/api/health",
    summary: "Liveness and database check.",
    auth: { public: "nothing: it reveals only ok/error" },
    responses: {
      200: {
        description: "Healthy.",
        schema: z.object({
          status: z.literal("ok"),
          database: z.object({ kind: z.enum(["postgres", "embedded"]), latencyMs: z.number() }),
        }),
      },
      503: {
        description: "The database is not reachable.",
        schema: z.object({ status: z.literal("error"), database: z.object({ error: z.string() }) }),
      },
    },
  }),
  githubWebhook: defineRoute({
    method: "POST",
    path: "/api/webhooks/github",
    summary: "GitHub webhook deliveries.",
    auth: { public: "the X-Hub-Signature-256 HMAC of the body with GITHUB_WEBHOOK_SECRET" },
    body: { kind: "text", limit: BODY_LIMITS.webhook, mediaTypes: ["application/json"] },
    responses: webhookAnswers,
    errors: [401],
  }),
};
