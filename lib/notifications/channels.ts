// Outbound channels of a person or a team: a Slack-compatible incoming webhook or a generic signed
// webhook, each with the events it wants. The URL and the signing key are sealed at rest; the key is
// shown once, when the channel is made. Team channels: its members (trusted membership) or admins.
import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { notificationChannels, notificationDeliveries, notificationPreferences } from "@/db/schema";
import { actorLabel, assertCan, can, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { NOTIFICATION_EVENTS } from "./events";
import { ownerRef, ownersOf } from "./preferences";
import type { ChannelView, CreatedChannel } from "./responses";
import { seal } from "./sealed";

export const channelBody = z.object({
  kind: z.enum(["slack", "webhook"]),
  url: z.url({ protocol: /^https?$/, message: "an http(s) URL" }).max(2000),
  owner: ownerRef,
  events: z.array(z.enum(NOTIFICATION_EVENTS)).max(NOTIFICATION_EVENTS.length).default([]),
});
export const channelsQuery = z.object({
  all: z.enum(["true", "false"]).optional(),
  /** One team's channels only (a team of yours; admins: any). */
  owner: ownerRef,
});

/** The caller's channels and their teams' (or one team's); admins with all=true: every channel, with failures. */
export async function listChannels(
  db: Db,
  actor: Actor,
  options: { all?: boolean; owner?: string } = {},
): Promise<ChannelView[]> {
  assertCan(actor, "catalog:read");
  const owner = options.owner?.toLowerCase();
  const visible = (options.all || owner) && can(actor, "admin:users") ? null : await ownersOf(db, actor);
  const owners = owner ? [owner].filter((o) => !visible || visible.includes(o)) : visible;
  if (owners && !owners.length) return [];
  const rows = await db
    .select()
    .from(notificationChannels)
    .where(owners ? inArray(notificationChannels.owner, owners) : undefined)
    .orderBy(desc(notificationChannels.createdAt))
    .limit(500);
  if (!rows.length) return [];
  const stats = await db
    .select({
      channelId: notificationDeliveries.channelId,
      status: notificationDeliveries.status,
      n: sql<number>`count(*)::int`,
      lastError: sql<
        string | null
      >`(array_agg(${notificationDeliveries.lastError} order by ${notificationDeliveries.id} desc) filter (where ${notificationDeliveries.lastError} is not null))[1]`,
    })
    .from(notificationDeliveries)
    .where(
      inArray(
        notificationDeliveries.channelId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(notificationDeliveries.channelId, notificationDeliveries.status);
  return rows.map((r) => {
    const mine = stats.filter((s) => s.channelId === r.id);
    const count = (status: string) => Number(mine.find((s) => s.status === status)?.n ?? 0);
    return {
      id: r.id,
      owner: r.owner,
      kind: r.kind,
      host: r.host,
      events: r.events,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      delivered: count("delivered"),
      pending: count("pending") + count("sending"),
      failed: count("failed"),
      lastError: mine.map((s) => s.lastError).find((e) => e) ?? null,
    };
  });
}

export async function createChannel(
  db: Db,
  actor: Actor,
  input: z.infer<typeof channelBody>,
  deps: { secret: string; ip?: string | null },
): Promise<CreatedChannel> {
  assertCan(actor, "catalog:read");
  if (actor.kind !== "user" && !input.owner)
    throw new AppError("unprocessable:channel", "Name the team (owner) the channel is for; tokens have no inbox.");
  const owner = input.owner?.toLowerCase() ?? actorLabel(actor);
  if (input.owner && !can(actor, "admin:users") && !(await ownersOf(db, actor)).includes(owner))
    throw new AppError("forbidden:channel", `Only members of ${owner} (or an admin) may add its channels.`);
  const signingKey = input.kind === "webhook" ? randomBytes(24).toString("base64url") : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationChannels)
      .values({
        owner,
        kind: input.kind,
        sealedUrl: seal(input.url, deps.secret),
        host: new URL(input.url).host,
        sealedSecret: signingKey ? seal(signingKey, deps.secret) : null,
        events: input.events,
        createdBy: actorLabel(actor),
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "notification-channel.create",
      target: `channel:${row.id}`,
      details: { owner, kind: input.kind, host: row.host, events: input.events },
      ip: deps.ip,
    });
    return {
      id: row.id,
      owner,
      kind: row.kind,
      host: row.host,
      events: row.events,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      delivered: 0,
      pending: 0,
      failed: 0,
      lastError: null,
      signingKey,
    };
  });
}

export async function deleteChannel(db: Db, actor: Actor, id: string, deps: { ip?: string | null } = {}) {
  assertCan(actor, "catalog:read");
  const [row] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  if (!row) throw new AppError("not_found:channel", `There is no notification channel ${id}.`);
  if (!can(actor, "admin:users") && !(await ownersOf(db, actor)).includes(row.owner))
    throw new AppError(
      "forbidden:channel",
      "Only the channel's owner (or a member of its team, or an admin) may remove it.",
    );
  await db.transaction(async (tx) => {
    await tx.delete(notificationChannels).where(and(eq(notificationChannels.id, id)));
    await tx.delete(notificationPreferences).where(eq(notificationPreferences.channel, id));
    await recordAudit(tx, actor, {
      action: "notification-channel.delete",
      target: `channel:${id}`,
      details: { owner: row.owner, kind: row.kind, host: row.host },
      ip: deps.ip,
    });
  });
}
