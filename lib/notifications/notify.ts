// Telling people: an in-app notification per person (the bell) and a delivery per matching channel
// of a person or team (Slack-compatible or signed webhook), sent by the `notification-deliver` job.
// Called inside the transaction of what happened, so nobody is told about something that did not.
// Preferences (./preferences.ts) decide per owner, event and channel; the default tells everyone.
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notificationChannels, notificationDeliveries, notifications } from "@/db/schema";
import { trustedMembersOf } from "@/lib/catalog/trusted-data";
import type { Enqueue } from "@/lib/jobs/define-job";
import type { NotificationEvent } from "./events";
import { channelWants, choicesFor, INBOX } from "./preferences";

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
  const direct = notice.recipients.map(userLabel).filter((r): r is string => r !== null);
  const teamChoice = await choicesFor(db, groups, notice.event);
  // A team that muted its members' inboxes for this event tells only its channels.
  const members = await trustedMembersOf(
    db,
    groups.filter((g) => teamChoice(g, INBOX, true)),
  );
  const people = new Set([...direct, ...members].map(userLabel).filter((r): r is string => r !== null));
  if (notice.except) people.delete(notice.except.toLowerCase());
  // Teams' choices were read above; people's now.
  const personChoice = await choicesFor(db, [...people], notice.event);
  const choice = (owner: string, channel: string, fallback: boolean) =>
    (owner.startsWith("group:") ? teamChoice : personChoice)(owner, channel, fallback);
  const body = notice.body ?? "";
  const inboxes = [...people].filter((p) => choice(p, INBOX, true));
  if (inboxes.length)
    await db
      .insert(notifications)
      .values(
        inboxes.map((recipient) => ({
          recipient,
          event: notice.event,
          title: notice.title.slice(0, 300),
          body: body.slice(0, 2000),
          link: notice.link ?? null,
          dedupeKey: notice.dedupeKey ?? null,
        })),
      )
      .onConflictDoNothing();
  const owners = [...people, ...groups];
  if (!owners.length) return;
  const channels = await db
    .select({ id: notificationChannels.id, owner: notificationChannels.owner, events: notificationChannels.events })
    .from(notificationChannels)
    .where(inArray(notificationChannels.owner, owners));
  const wanted = channels.filter((c) => choice(c.owner, c.id, channelWants(c.events, notice.event)));
  if (!wanted.length) return;
  const payload = {
    event: notice.event,
    title: notice.title,
    body,
    link: notice.link ?? null,
    at: new Date().toISOString(),
  };
  // Told before (the same dedupe key): that channel was sent it then.
  const rows = await db
    .insert(notificationDeliveries)
    .values(wanted.map((c) => ({ channelId: c.id, event: notice.event, payload, dedupeKey: notice.dedupeKey ?? null })))
    .onConflictDoNothing()
    .returning({ id: notificationDeliveries.id });
  if (deps.enqueue)
    for (const row of rows) await deps.enqueue("notification-deliver", { deliveryId: row.id }, { tx: db });
}
