// Who wants to hear what, where: per person and per team, per event × channel (the inbox, each of
// their channels) on or off. Only choices are stored; without one the default holds — the inbox on
// for every event, a channel as its `events` say (empty: every event). A team's "inbox" is its
// members' bells for what the team is told. notify() reads them (lib/notifications/notify.ts).
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { notificationChannels, notificationPreferences } from "@/db/schema";
import { actorLabel, assertCan, can, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { trustedGroupsOf } from "@/lib/catalog/trusted-data";
import { AppError } from "@/lib/errors";
import { EVENT_LABELS, NOTIFICATION_EVENTS, type NotificationEvent } from "./events";
import type { PreferenceMatrix } from "./responses";

export const INBOX = "inbox";
/** A team (`group:default/payments`) instead of yourself. */
export const ownerRef = z
  .string()
  .trim()
  .regex(/^group:[a-z0-9-]+\/[A-Za-z0-9._-]+$/, "a Group ref like group:default/payments")
  .optional();
export const preferencesQuery = z.object({ owner: ownerRef });
export const preferencesBody = z.object({
  /** A team (`group:default/payments`) instead of yourself. */
  owner: ownerRef,
  items: z
    .array(
      z.object({
        event: z.enum(NOTIFICATION_EVENTS),
        channel: z.union([z.literal(INBOX), z.uuid("inbox or one of the owner's channel ids")]),
        /** null: back to the default. */
        enabled: z.boolean().nullable(),
      }),
    )
    .min(1, "name at least one event × channel")
    .max(NOTIFICATION_EVENTS.length * 51),
});

/** The caller and the teams they belong to (trusted membership): whose channels and preferences they manage. */
export async function ownersOf(db: DbOrTx, actor: Actor): Promise<string[]> {
  const groups = actor.kind === "user" ? await trustedGroupsOf(db, actor.login) : [];
  return [actorLabel(actor), ...groups];
}

async function ownerFor(db: DbOrTx, actor: Actor, requested: string | undefined): Promise<string> {
  assertCan(actor, "catalog:read");
  if (actor.kind !== "user" && !requested)
    throw new AppError(
      "unprocessable:preferences",
      "Name the team (owner) whose preferences these are; tokens have no inbox.",
    );
  const owner = requested?.toLowerCase() ?? actorLabel(actor);
  if (requested && !can(actor, "admin:users") && !(await ownersOf(db, actor)).includes(owner))
    throw new AppError("forbidden:preferences", `Only members of ${owner} (or an admin) may change its notifications.`);
  return owner;
}

/** A channel's default for an event: its `events` filter (empty: every event). */
export const channelWants = (events: string[], event: string) => events.length === 0 || events.includes(event);

export async function getPreferences(db: DbOrTx, actor: Actor, query: { owner?: string }): Promise<PreferenceMatrix> {
  return matrixOf(db, await ownerFor(db, actor, query.owner));
}

async function matrixOf(db: DbOrTx, owner: string): Promise<PreferenceMatrix> {
  const [channels, choices] = await Promise.all([
    db.select().from(notificationChannels).where(eq(notificationChannels.owner, owner)).limit(50),
    db.select().from(notificationPreferences).where(eq(notificationPreferences.owner, owner)),
  ]);
  const columns = [
    { id: INBOX, kind: "inbox" as const, label: owner.startsWith("group:") ? "Members' inboxes" : "Inbox", events: [] },
    ...channels.map((c) => ({
      id: c.id,
      kind: c.kind,
      label: `${c.kind === "slack" ? "Slack" : "Webhook"} · ${c.host}`,
      events: c.events,
    })),
  ];
  return {
    owner,
    events: NOTIFICATION_EVENTS.map((event) => ({ event, label: EVENT_LABELS[event] })),
    channels: columns.map(({ id, kind, label }) => ({ id, kind, label })),
    items: NOTIFICATION_EVENTS.flatMap((event) =>
      columns.map((column) => {
        const choice = choices.find((c) => c.event === event && c.channel === column.id);
        const fallback = column.id === INBOX || channelWants(column.events, event);
        return { event, channel: column.id, enabled: choice ? choice.enabled : fallback, isDefault: !choice };
      }),
    ),
  };
}

export async function setPreferences(
  db: Db,
  actor: Actor,
  input: z.infer<typeof preferencesBody>,
  deps: { ip?: string | null } = {},
): Promise<PreferenceMatrix> {
  const owner = await ownerFor(db, actor, input.owner);
  const theirs = new Set(
    (
      await db
        .select({ id: notificationChannels.id })
        .from(notificationChannels)
        .where(eq(notificationChannels.owner, owner))
    ).map((c) => c.id),
  );
  const unknown = [...new Set(input.items.map((i) => i.channel))].filter((c) => c !== INBOX && !theirs.has(c));
  if (unknown.length)
    throw new AppError(
      "unprocessable:preferences",
      `Not a channel of ${owner}: ${unknown.join(", ")}. Use "inbox" or the id of one of its channels (GET /api/v1/notifications/channels).`,
      unknown.map((c) => ({ field: "items.channel", message: `${c} is not a channel of ${owner}` })),
    );
  // One statement for the choices cleared and one for those set (the last word on a cell counts).
  const last = new Map(input.items.map((item) => [`${item.event} ${item.channel}`, item]));
  const cleared = [...last.values()].filter((item) => item.enabled === null);
  const chosen = [...last.values()].flatMap(({ event, channel, enabled }) =>
    enabled === null ? [] : [{ owner, event, channel, enabled, updatedBy: actorLabel(actor) }],
  );
  return db.transaction(async (tx) => {
    if (cleared.length)
      await tx
        .delete(notificationPreferences)
        .where(
          and(
            eq(notificationPreferences.owner, owner),
            or(
              ...cleared.map((item) =>
                and(eq(notificationPreferences.event, item.event), eq(notificationPreferences.channel, item.channel)),
              ),
            ),
          ),
        );
    if (chosen.length)
      await tx
        .insert(notificationPreferences)
        .values(chosen)
        .onConflictDoUpdate({
          target: [notificationPreferences.owner, notificationPreferences.event, notificationPreferences.channel],
          set: { enabled: sql`excluded.enabled`, updatedBy: actorLabel(actor), updatedAt: new Date() },
        });
    await recordAudit(tx, actor, {
      action: "notification-preferences.update",
      target: owner,
      details: { items: input.items },
      ip: deps.ip,
    });
    return matrixOf(tx, owner);
  });
}

/** The stored choices of these owners for one event: `owner → channel → enabled`. */
export async function choicesFor(db: DbOrTx, owners: string[], event: NotificationEvent) {
  const rows = owners.length
    ? await db
        .select()
        .from(notificationPreferences)
        .where(and(inArray(notificationPreferences.owner, owners), eq(notificationPreferences.event, event)))
    : [];
  const enabled = new Map(rows.map((r) => [`${r.owner}\n${r.channel}`, r.enabled]));
  return (owner: string, channel: string, fallback: boolean) => enabled.get(`${owner}\n${channel}`) ?? fallback;
}
