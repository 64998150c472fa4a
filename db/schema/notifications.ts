import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** One person's in-app notification (the bell): recipient is a stored identity, `user:<login>`. */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    recipient: text("recipient").notNull(),
    event: text("event").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    /** The same event is told once per person (an expiry warning per environment, …). */
    dedupeKey: text("dedupe_key"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_recipient_idx").on(t.recipient, t.id.desc()),
    uniqueIndex("notifications_dedupe_idx").on(t.recipient, t.dedupeKey),
  ],
);

/**
 * Where a person's or a team's notifications also go: a Slack-compatible incoming webhook or a
 * generic signed webhook. The URL (a Slack URL is itself a secret) and the signing key are sealed
 * (AES-256-GCM under a key derived from the portal's secret); `events` empty means every event.
 */
export const notificationChannels = pgTable(
  "notification_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    owner: text("owner").notNull(),
    kind: text("kind").$type<"slack" | "webhook">().notNull(),
    sealedUrl: text("sealed_url").notNull(),
    /** Shown to the owner as the URL's host only. */
    host: text("host").notNull(),
    sealedSecret: text("sealed_secret"),
    events: text("events").array().notNull().default([]),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notification_channels_owner_idx").on(t.owner)],
);

/** One sending of one event to one channel, by the `notification-deliver` job (with retries). */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"pending" | "sending" | "delivered" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** The same event is sent once per channel (an expiry warning per environment, …), like the inbox's. */
    dedupeKey: text("dedupe_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    index("notification_deliveries_channel_idx").on(t.channelId, t.id.desc()),
    uniqueIndex("notification_deliveries_dedupe_idx").on(t.channelId, t.dedupeKey),
    index("notification_deliveries_status_idx").on(t.status, t.id.desc()),
  ],
);

/**
 * A person's or a team's choice for one event on one channel: `inbox` (a person's bell; for a team,
 * its members' bells when the team is told) or a channel's id. Only choices are stored: without a
 * row, the default holds (the inbox on, a channel as its `events` say).
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    owner: text("owner").notNull(),
    event: text("event").notNull(),
    channel: text("channel").notNull(),
    enabled: boolean("enabled").notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.event, t.channel] })],
);
