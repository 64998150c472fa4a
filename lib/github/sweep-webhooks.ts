import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { githubWebhookDeliveries } from "@/db/schema";
import type { Enqueue } from "@/lib/jobs/define-job";
import { STUCK_AFTER_MINUTES } from "./webhooks";

/** Times a delivery's job is sent before the delivery is failed with a reason. */
export const MAX_DELIVERY_ATTEMPTS = 3;

/**
 * Deliveries stuck in `queued` past STUCK_AFTER_MINUTES (their job was lost, or they were stored
 * before delivery and job shared a transaction) get their job again — each in its own transaction
 * with the change, so a failed send changes nothing — or, after MAX_DELIVERY_ATTEMPTS, are failed
 * with a reason (GitHub's redelivery of a failed delivery is processed). Safe on every worker at
 * once: each change is conditional on the row still being stuck.
 */
export async function sweepStuckDeliveries(
  db: Db,
  deps: { enqueue: Enqueue; limit?: number },
): Promise<{ requeued: string[]; failed: string[] }> {
  const cutoff = sql`now() - make_interval(mins => ${STUCK_AFTER_MINUTES})`;
  const stuck = and(eq(githubWebhookDeliveries.status, "queued"), lt(githubWebhookDeliveries.enqueuedAt, cutoff));
  const rows = await db
    .select({ id: githubWebhookDeliveries.id, attempts: githubWebhookDeliveries.attempts })
    .from(githubWebhookDeliveries)
    .where(stuck)
    .orderBy(githubWebhookDeliveries.enqueuedAt)
    .limit(deps.limit ?? 500);
  const requeued: string[] = [];
  const failed: string[] = [];
  for (const row of rows) {
    const current = and(eq(githubWebhookDeliveries.id, row.id), stuck);
    if (row.attempts >= MAX_DELIVERY_ATTEMPTS) {
      const [gaveUp] = await db
        .update(githubWebhookDeliveries)
        .set({
          status: "failed",
          error: `not processed after ${row.attempts} attempts (its job was lost each time); redeliver it from the webhook's page on GitHub to try again`,
          processedAt: new Date(),
        })
        .where(current)
        .returning({ id: githubWebhookDeliveries.id });
      if (gaveUp) failed.push(row.id);
      continue;
    }
    const sent = await db
      .transaction(async (tx) => {
        const [again] = await tx
          .update(githubWebhookDeliveries)
          .set({ enqueuedAt: sql`now()`, attempts: sql`${githubWebhookDeliveries.attempts} + 1` })
          .where(current)
          .returning({ id: githubWebhookDeliveries.id });
        if (!again) return false;
        await deps.enqueue("github-webhook", { deliveryId: row.id }, { tx });
        return true;
      })
      .catch((error) => {
        // Left stuck: the next sweep tries again.
        console.warn(
          `[portolan] webhook sweep: could not send delivery ${row.id} again: ${error instanceof Error ? error.message : error}`,
        );
        return false;
      });
    if (sent) requeued.push(row.id);
  }
  return { requeued, failed };
}
