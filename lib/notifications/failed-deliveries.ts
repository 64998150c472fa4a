// For admins: deliveries that failed (or are still failing and being retried), every channel's,
// with what went wrong — never a URL — and "retry now": one more attempt at once, audited.
import { and, desc, eq, inArray, isNotNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { notificationChannels, notificationDeliveries } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { deliverOne } from "./deliver";
import type { FailedDeliveryView } from "./responses";

export const failedDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

/** An error as shown: any URL cut to its host (its path or query may carry a token). */
const withoutUrls = (error: string | null) =>
  error?.replace(/\bhttps?:\/\/([^/\s"'<>]+)[^\s"'<>]*/gi, (_url, host: string) => host) ?? null;

type Row = {
  delivery: typeof notificationDeliveries.$inferSelect;
  channel: Pick<typeof notificationChannels.$inferSelect, "id" | "owner" | "kind" | "host">;
};

function toView({ delivery, channel }: Row): FailedDeliveryView {
  return {
    id: delivery.id,
    status: delivery.status,
    event: delivery.event,
    title: String(delivery.payload.title ?? delivery.event),
    channel: { id: channel.id, owner: channel.owner, kind: channel.kind, host: channel.host },
    attempts: delivery.attempts,
    lastError: withoutUrls(delivery.lastError),
    createdAt: delivery.createdAt.toISOString(),
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
  };
}

const select = (db: Db) =>
  db
    .select({
      delivery: notificationDeliveries,
      channel: {
        id: notificationChannels.id,
        owner: notificationChannels.owner,
        kind: notificationChannels.kind,
        host: notificationChannels.host,
      },
    })
    .from(notificationDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId));

export async function listFailedDeliveries(
  db: Db,
  actor: Actor,
  query: z.infer<typeof failedDeliveriesQuery>,
): Promise<FailedDeliveryView[]> {
  assertCan(actor, "admin:notifications");
  const rows = await select(db)
    .where(
      and(
        or(
          eq(notificationDeliveries.status, "failed"),
          and(
            inArray(notificationDeliveries.status, ["pending", "sending"]),
            isNotNull(notificationDeliveries.lastError),
          ),
        ),
        query.before ? lt(notificationDeliveries.id, query.before) : undefined,
      ),
    )
    .orderBy(desc(notificationDeliveries.id))
    .limit(query.limit);
  return rows.map(toView);
}

/** One more attempt now, whatever the count so far; the delivery as it is afterwards. */
export async function retryDelivery(
  db: Db,
  actor: Actor,
  id: number,
  deps: { secret: string; portalUrl: string; ip?: string | null },
): Promise<FailedDeliveryView> {
  assertCan(actor, "admin:notifications");
  const reopened = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(notificationDeliveries)
      .set({ status: "pending" })
      .where(and(eq(notificationDeliveries.id, id), inArray(notificationDeliveries.status, ["failed", "pending"])))
      .returning();
    if (!row) {
      const [exists] = await tx
        .select({ status: notificationDeliveries.status })
        .from(notificationDeliveries)
        .where(eq(notificationDeliveries.id, id));
      if (!exists) throw new AppError("not_found:delivery", `There is no notification delivery ${id}.`);
      if (exists.status === "sending")
        throw new AppError("conflict:delivery", `Delivery ${id} is being sent right now; look again in a moment.`);
      throw new AppError("conflict:delivery", `Delivery ${id} was delivered already; there is nothing to retry.`);
    }
    await recordAudit(tx, actor, {
      action: "notification-delivery.retry",
      target: `delivery:${id}`,
      details: { event: row.event, channel: row.channelId, attempts: row.attempts },
      ip: deps.ip,
    });
    return row;
  });
  await deliverOne(db, reopened.id, deps);
  const [after] = await select(db).where(eq(notificationDeliveries.id, id));
  return toView(after);
}
