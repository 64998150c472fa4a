// Telling people: an in-app notification per person (the bell) and a delivery per matching channel
// of a person or team (Slack-compatible or signed webhook), sent by the `notification-deliver` job.
// Called inside the transaction of what happened, so nobody is told about something that did not.
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notificationChannels, notificationDeliveries, notifications } from "@/db/schema";
import { trustedMembersOf } from "@/lib/catalog/trusted-data";
import type { Enqueue } from "@/lib/jobs/define-job";

export const NOTIFICATION_EVENTS = [
  "approval.requested",
  "approval.decided",
  "run.succeeded",
  "run.failed",
  "environment.expiring",
  "environment.destroyed",
  "deployment.failed",
  "initiative.reminder",
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export type Notice = {
  event: NotificationEvent;
  /** Stored identities: `user:<login>` (or `user:default/<login>`), and Groups (`group:default/x`: its members). */
  recipients: string[];
  title: string;
  body?: string;
  /** A path in the portal (`/runs/…`), made absolute for outbound channels. */
  link?: string | null;
  /** Told once per recipient for this key. */
  dedupeKey?: string;
  /** Not told to this identity (the person who acted). */
  except?: string | null;
};

const userLabel = (ref: string) => {
  const r = ref.toLowerCase();
  if (r.startsWith("user:default/")) return `user:${r.slice("user:default/".length)}`;
  return r.startsWith("user:") ? r : null;
};

export async function notify(db: DbOrTx, notice: Notice, deps: { enqueue?: Enqueue | null } = {}): Promise<void> {
  const groups = [...new Set(notice.recipients.map((r) => r.toLowerCase()).filter((r) => r.startsWith("group:")))];
  const people = new Set(
    [...notice.recipients, ...(await trustedMembersOf(db, groups))]
      .map(userLabel)
      .filter((r): r is string => r !== null),
  );
  if (notice.except) people.delete(notice.except.toLowerCase());
  const body = notice.body ?? "";
  const told = people.size
    ? await db
        .insert(notifications)
        .values(
          [...people].map((recipient) => ({
            recipient,
            event: notice.event,
            title: notice.title.slice(0, 300),
            body: body.slice(0, 2000),
            link: notice.link ?? null,
            dedupeKey: notice.dedupeKey ?? null,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: notifications.id })
    : [];
  // Told before (the same dedupe key): the channels were told then too.
  if (notice.dedupeKey && people.size && !told.length) return;
  const owners = [...people, ...groups];
  if (!owners.length) return;
  const channels = await db
    .select({ id: notificationChannels.id, events: notificationChannels.events })
    .from(notificationChannels)
    .where(inArray(notificationChannels.owner, owners));
  const wanted = channels.filter((c) => c.events.length === 0 || c.events.includes(notice.event));
  if (!wanted.length) return;
  const payload = {
    event: notice.event,
    title: notice.title,
    body,
    link: notice.link ?? null,
    at: new Date().toISOString(),
  };
  const rows = await db
    .insert(notificationDeliveries)
    .values(wanted.map((c) => ({ channelId: c.id, event: notice.event, payload })))
    .returning({ id: notificationDeliveries.id });
  if (deps.enqueue)
    for (const row of rows) await deps.enqueue("notification-deliver", { deliveryId: row.id }, { tx: db });
}
