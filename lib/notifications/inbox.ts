// The bell: a person's notifications, newest first, and marking them read.
import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";
import { actorLabel, type Actor } from "@/lib/access/permissions";
import { z } from "zod";
import type { notificationPage } from "./responses";

export const inboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  before: z.coerce.number().int().positive().optional(),
  unread: z.enum(["true", "false"]).optional(),
});
export const markReadBody = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

export async function listNotifications(
  db: DbOrTx,
  actor: Actor,
  query: z.infer<typeof inboxQuery>,
): Promise<z.output<typeof notificationPage>> {
  const me = actorLabel(actor);
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.recipient, me),
        query.before ? lt(notifications.id, query.before) : undefined,
        query.unread === "true" ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(query.limit);
  return {
    items: rows.map((r) => ({
      id: r.id,
      event: r.event,
      title: r.title,
      body: r.body,
      link: r.link,
      read: r.readAt !== null,
      createdAt: r.createdAt.toISOString(),
    })),
    unread: await unreadCount(db, actor),
  };
}

export async function unreadCount(db: DbOrTx, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.recipient, actorLabel(actor)), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks the caller's own notifications read (others' ids are ignored); returns how many changed. */
export async function markRead(db: DbOrTx, actor: Actor, body: z.infer<typeof markReadBody>): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.recipient, actorLabel(actor)),
        isNull(notifications.readAt),
        "ids" in body ? inArray(notifications.id, body.ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}
