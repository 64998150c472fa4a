import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type DbOrTx } from "@/db/client";
import { defineJob, type Enqueue, type JobSchedule } from "@/lib/jobs/define-job";
import { authSecret, publicUrl } from "@/lib/runtime/config";
import { deliverOne, sweepDeliveries } from "./deliver";
import { notify } from "./notify";

const deps = () => ({ secret: authSecret(), portalUrl: publicUrl() });

export const notificationDeliverJob = defineJob({
  name: "notification-deliver",
  schema: z.object({ deliveryId: z.number().int().positive() }),
  retryLimit: 3,
  handle: async ({ deliveryId }, { database }) => {
    const outcome = await deliverOne(database.db, deliveryId, deps());
    // Thrown, so the queue tries again; the attempt and its error are on the delivery already.
    if (outcome === "retry") throw new Error(`delivery ${deliveryId} failed; it will be retried`);
    return outcome;
  },
});

export const notificationsSweepJob = defineJob({
  name: "notifications-sweep",
  schema: z.object({}).loose(),
  handle: async (_payload, { database }) => sweepDeliveries(database.db, deps()),
});

/** "Your environment expires in 30 minutes", linking to its one-click extend page: once per environment and expiry (an extension warns again). */
export async function warnExpiringEnvironments(db: DbOrTx, enqueue: Enqueue | null, withinMinutes = 30) {
  const rows = await queryRows<{ id: string; name: string; owner_login: string; expires_at: string | Date }>(
    db,
    sql`select id, name, owner_login, expires_at from self_service_environments
        where status = 'ready' and expires_at > now() and expires_at <= now() + make_interval(mins => ${withinMinutes})`,
  );
  for (const env of rows) {
    const expiresAt = new Date(env.expires_at);
    await notify(
      db,
      {
        event: "environment.expiring",
        recipients: [env.owner_login],
        title: `Your environment ${env.name} expires in ${Math.max(1, Math.round((expiresAt.getTime() - Date.now()) / 60_000))} minutes`,
        body: "Still need it? The link extends it with one click.",
        link: `/my-environments/${env.id}/extend`,
        dedupeKey: `expiring:${env.id}:${expiresAt.toISOString()}`,
      },
      { enqueue },
    );
  }
  return rows.length;
}

export const environmentsExpiryWarnJob = defineJob({
  name: "environments-expiry-warn",
  schema: z.object({}).loose(),
  handle: async (_payload, { database, enqueue }) => warnExpiringEnvironments(database.db, enqueue),
});

export const NOTIFICATION_JOBS = [notificationDeliverJob, notificationsSweepJob, environmentsExpiryWarnJob];
export const NOTIFICATION_SCHEDULES: JobSchedule[] = [
  { name: "notifications-sweep", cron: "* * * * *" },
  { name: "environments-expiry-warn", cron: "*/5 * * * *" },
];
