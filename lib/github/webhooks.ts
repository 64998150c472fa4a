// The webhook receiver's logic, without Next: verify, deduplicate, store + enqueue (one transaction), answer.
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { githubWebhookDeliveries } from "@/db/schema";
import type { Enqueue } from "@/lib/jobs/define-job";
import type { GithubConfig } from "./config";

/** A delivery still `queued` this long after its job was sent is stuck (its job was lost): sent again. */
export const STUCK_AFTER_MINUTES = 15;

export const HANDLED_EVENTS = new Set([
  "push",
  "repository",
  "team",
  "membership",
  "organization",
  "team_add",
  "deployment",
  "deployment_status",
  "release",
  "workflow_run",
  // Handed on to pull-request previews (lib/provisioning/pull-request-previews.ts) as a job.
  "pull_request",
]);

export type WebhookRequest = { headers: { get(name: string): string | null }; body: string };
export type WebhookAnswer = { status: number; body: Record<string, unknown> };

const MAX_BODY = 25 * 1024 * 1024; // GitHub caps payloads at 25 MB

/** Constant-time check of `X-Hub-Signature-256` (HMAC-SHA256 of the raw body). */
export function isValidSignature(secret: string, body: string, header: string | null): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("hex"), "utf8");
  const given = Buffer.from(header.slice(7).toLowerCase(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const answer = (status: number, body: Record<string, unknown>): WebhookAnswer => ({ status, body });

/**
 * 401 and nothing stored unless the signature matches the configured secret; events we use are
 * stored and their job sent in one transaction (202), so a failed send stores nothing and GitHub's
 * redelivery is taken as new. A delivery seen before is acknowledged without work — unless it never
 * got processed (failed, or stuck in `queued`): then the redelivery is processed.
 */
export async function receiveWebhook(
  db: Db,
  config: Pick<GithubConfig, "webhookSecret">,
  request: WebhookRequest,
  enqueue: Enqueue,
): Promise<WebhookAnswer> {
  if (!config.webhookSecret) {
    return answer(401, {
      error: { code: "unauthorized:webhook", message: "Webhooks are refused: GITHUB_WEBHOOK_SECRET is not set." },
    });
  }
  if (
    Buffer.byteLength(request.body) > MAX_BODY ||
    !isValidSignature(config.webhookSecret, request.body, request.headers.get("x-hub-signature-256"))
  ) {
    return answer(401, {
      error: {
        code: "unauthorized:webhook",
        message: "The X-Hub-Signature-256 signature does not match the configured secret.",
      },
    });
  }
  const event = request.headers.get("x-github-event");
  const deliveryId = request.headers.get("x-github-delivery");
  if (!event || !deliveryId || deliveryId.length > 200 || !/^[A-Za-z0-9_.-]+$/.test(event)) {
    return answer(400, {
      error: { code: "bad_request:webhook", message: "X-GitHub-Event and X-GitHub-Delivery headers are required." },
    });
  }
  let payload: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(request.body);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    payload = parsed as Record<string, unknown>;
  } catch {
    return answer(400, {
      error: {
        code: "bad_request:webhook",
        message: "The body must be a JSON object (content type application/json).",
      },
    });
  }
  if (event === "ping") return answer(200, { ok: true, event });
  if (!HANDLED_EVENTS.has(event)) return answer(202, { ok: true, event, ignored: true });

  const action = typeof payload.action === "string" ? payload.action : null;
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(githubWebhookDeliveries)
      .values({ id: deliveryId, event, action, payload, status: "queued" })
      .onConflictDoNothing()
      .returning({ id: githubWebhookDeliveries.id });
    if (inserted.length === 0) {
      // Seen before: processed (or being processed) means nothing to do; failed or stuck means do it now.
      const [again] = await tx
        .update(githubWebhookDeliveries)
        .set({
          event,
          action,
          payload,
          status: "queued",
          error: null,
          processedAt: null,
          enqueuedAt: sql`now()`,
          attempts: sql`${githubWebhookDeliveries.attempts} + 1`,
        })
        .where(and(eq(githubWebhookDeliveries.id, deliveryId), isUnprocessed()))
        .returning({ id: githubWebhookDeliveries.id });
      if (!again) return answer(200, { ok: true, duplicate: true });
    }
    // In the same transaction: if the send fails, nothing was stored and the error answers GitHub.
    await enqueue("github-webhook", { deliveryId }, { tx });
    return answer(202, { ok: true, queued: deliveryId, ...(inserted.length ? {} : { redelivery: true }) });
  });
}

/** Deliveries that never got processed: failed, or queued with no sign of their job for STUCK_AFTER_MINUTES. */
export function isUnprocessed() {
  return or(
    eq(githubWebhookDeliveries.status, "failed"),
    and(
      eq(githubWebhookDeliveries.status, "queued"),
      lt(githubWebhookDeliveries.enqueuedAt, sql`now() - make_interval(mins => ${STUCK_AFTER_MINUTES})`),
    ),
  );
}
