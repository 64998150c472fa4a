// Sends one delivery to its channel: Slack-compatible (`{ text }`) or a generic webhook (the event as
// JSON, signed `X-Portolan-Signature: sha256=<hmac>` with the channel's key). Through lib/egress; a
// failure is recorded and retried (the job's retries, then the sweep) until MAX_ATTEMPTS.
import { createHmac } from "node:crypto";
import { and, asc, eq, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notificationChannels, notificationDeliveries } from "@/db/schema";
import { egressFetch } from "@/lib/egress";
import { unseal } from "./sealed";

export const MAX_ATTEMPTS = 5;
/** Longer than one attempt can take (its request times out after 10 s): a claim older than this was abandoned. */
const CLAIM_MS = 60_000;

/** Pending, or claimed by a worker that stopped before it recorded the attempt. */
const claimable = () =>
  or(
    eq(notificationDeliveries.status, "pending"),
    and(
      eq(notificationDeliveries.status, "sending"),
      lt(notificationDeliveries.lastAttemptAt, sql`now() - make_interval(secs => ${CLAIM_MS / 1000})`),
    ),
  );

export type DeliveryOutcome = "delivered" | "retry" | "failed" | "gone";

function slackText(payload: Record<string, unknown>, portalUrl: string): string {
  const link = typeof payload.link === "string" ? `${portalUrl}${payload.link}` : null;
  return [
    `*${String(payload.title)}*`,
    payload.body ? String(payload.body) : null,
    link ? `<${link}|Open in Portolan>` : null,
  ]
    .filter(Boolean)
    .join("\n");
}

export async function deliverOne(
  db: DbOrTx,
  deliveryId: number,
  deps: { secret: string; portalUrl: string },
): Promise<DeliveryOutcome> {
  // Claimed before it is sent, so its job, the sweep and an admin's "retry now" never send it twice
  // at once; a claim whose worker died is taken over once it is older than any attempt can be.
  const [delivery] = await db
    .update(notificationDeliveries)
    .set({ status: "sending", lastAttemptAt: new Date() })
    .where(and(eq(notificationDeliveries.id, deliveryId), claimable()))
    .returning();
  if (!delivery) return "gone";
  const [channel] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, delivery.channelId));
  if (!channel) return "gone";
  const payload: Record<string, unknown> = { ...delivery.payload, id: delivery.id };
  if (typeof payload.link === "string") payload.link = `${deps.portalUrl}${payload.link}`;
  const body =
    channel.kind === "slack"
      ? JSON.stringify({ text: slackText(delivery.payload, deps.portalUrl) })
      : JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "portolan" };
  if (channel.kind === "webhook") {
    headers["x-portolan-event"] = delivery.event;
    headers["x-portolan-delivery"] = String(delivery.id);
    if (channel.sealedSecret)
      headers["x-portolan-signature"] =
        `sha256=${createHmac("sha256", unseal(channel.sealedSecret, deps.secret)).update(body).digest("hex")}`;
  }
  let error: string | null = null;
  try {
    const response = await egressFetch(unseal(channel.sealedUrl, deps.secret), {
      method: "POST",
      headers,
      body,
      timeoutMs: 10_000,
    });
    await response.body?.cancel().catch(() => {});
    if (!response.ok) error = `HTTP ${response.status}`;
  } catch (failure) {
    // The message names the host, never the URL (a Slack URL carries its token).
    error = `could not reach ${channel.host}: ${failure instanceof Error ? failure.message.replaceAll(unseal(channel.sealedUrl, deps.secret), channel.host) : String(failure)}`;
  }
  const attempts = delivery.attempts + 1;
  const status = error === null ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "pending";
  await db
    .update(notificationDeliveries)
    .set({
      attempts,
      status,
      lastError: error,
      lastAttemptAt: new Date(),
      deliveredAt: error === null ? new Date() : null,
    })
    .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.status, "sending")));
  return error === null ? "delivered" : status === "failed" ? "failed" : "retry";
}

/** Deliveries still pending a while after they were made (their job gave up, or none was sent): send them again. */
export async function sweepDeliveries(
  db: DbOrTx,
  deps: { secret: string; portalUrl: string; olderThanMs?: number },
): Promise<number> {
  const rows = await db
    .select({ id: notificationDeliveries.id })
    .from(notificationDeliveries)
    .where(
      and(
        claimable(),
        lt(
          notificationDeliveries.createdAt,
          sql`now() - make_interval(secs => ${(deps.olderThanMs ?? 60_000) / 1000})`,
        ),
      ),
    )
    .orderBy(asc(notificationDeliveries.id))
    .limit(100);
  for (const row of rows) await deliverOne(db, row.id, deps);
  return rows.length;
}
