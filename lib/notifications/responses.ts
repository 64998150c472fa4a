// What the notification routes answer, as zod schemas: the OpenAPI document is generated from them
// and the handlers reply through them (lib/api/contract.ts). The lib's types are these schemas'
// outputs. Dates are ISO strings here (the lib formats them itself). A channel's URL is never in an
// answer, and its signing key only in the one that creates it.
import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });

export const notificationView = z
  .object({
    id: z.number().int().meta({ description: "Pass the last one as `before` for older notifications." }),
    event: z.string().meta({ example: "approval.requested" }),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    read: z.boolean(),
    createdAt: timestamp,
  })
  .meta({ id: "Notification" });

export const notificationPage = z.object({
  items: z.array(notificationView).meta({ description: "Newest first." }),
  unread: z.number().int().meta({ description: "How many of the caller's notifications are unread in all." }),
});

export const markedRead = z.object({
  marked: z.number().int().meta({ description: "How many changed (others' ids and read ones are ignored)." }),
  unread: z.number().int().meta({ description: "How many are still unread." }),
});

export const channelView = z
  .object({
    id: z.uuid(),
    owner: z.string().meta({ example: "group:default/payments" }),
    kind: z.enum(["slack", "webhook"]),
    host: z.string().meta({ description: "The URL's host; the URL itself is kept sealed and never shown." }),
    events: z.array(z.string()).meta({ description: "The events it is sent; empty: every event." }),
    createdBy: z.string(),
    createdAt: timestamp,
    delivered: z.number().int(),
    pending: z.number().int(),
    failed: z.number().int(),
    lastError: z.string().nullable().meta({ description: "The latest delivery error, if any." }),
  })
  .meta({ id: "NotificationChannel" });
export type ChannelView = z.output<typeof channelView>;

export const channelList = z.object({ items: z.array(channelView) });

export const createdChannel = channelView.extend({
  signingKey: z.string().nullable().meta({
    description:
      "The webhook's signing key, shown only in this answer (it is kept sealed and never shown again); null for a Slack channel.",
  }),
});
export type CreatedChannel = z.output<typeof createdChannel>;

export const preferenceMatrix = z
  .object({
    owner: z.string().meta({ example: "user:alice", description: "You (`user:<login>`) or a team (`group:…`)." }),
    events: z.array(z.object({ event: z.string(), label: z.string() })),
    channels: z.array(
      z.object({
        id: z.string().meta({ description: "`inbox`, or a channel's id." }),
        kind: z.enum(["inbox", "slack", "webhook"]),
        label: z.string(),
      }),
    ),
    items: z.array(
      z.object({
        event: z.string(),
        channel: z.string(),
        enabled: z.boolean(),
        isDefault: z
          .boolean()
          .meta({ description: "No choice stored: the inbox is on; a channel follows its `events` (empty: all)." }),
      }),
    ),
  })
  .meta({ id: "NotificationPreferences" });
export type PreferenceMatrix = z.output<typeof preferenceMatrix>;

export const failedDelivery = z
  .object({
    id: z.number().int(),
    status: z.enum(["pending", "sending", "failed", "delivered"]).meta({
      description:
        "failed: it gave up; pending: it is still being retried; sending: an attempt is under way; delivered: a retry got through.",
    }),
    event: z.string(),
    title: z.string(),
    channel: z.object({
      id: z.uuid(),
      owner: z.string(),
      kind: z.enum(["slack", "webhook"]),
      host: z.string().meta({ description: "Only the host: a channel's URL is a secret." }),
    }),
    attempts: z.number().int(),
    lastError: z.string().nullable().meta({ description: "Without URLs (a Slack URL carries its token)." }),
    createdAt: timestamp,
    lastAttemptAt: timestamp.nullable(),
  })
  .meta({ id: "FailedDelivery" });
export type FailedDeliveryView = z.output<typeof failedDelivery>;
export const failedDeliveryList = z.object({
  items: z.array(failedDelivery).meta({ description: "Newest first; pass the last id as `before` for older ones." }),
});
