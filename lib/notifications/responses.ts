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
