import { defineRoute } from "@/lib/api/contract";
import { BODY_LIMITS } from "@/lib/http/read-body";

export const publicRoutes = {
  health: defineRoute({
    method: "GET",
    path: "/api/health",
    summary: "Liveness and database check.",
    auth: { public: "nothing: it reveals only ok/error" },
  }),
  githubWebhook: defineRoute({
    method: "POST",
    path: "/api/webhooks/github",
    summary: "GitHub webhook deliveries.",
    auth: { public: "the X-Hub-Signature-256 HMAC of the body with GITHUB_WEBHOOK_SECRET" },
    body: { kind: "text", limit: BODY_LIMITS.webhook },
  }),
};
