import { desc } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/access/permissions";

export type AuditEntryView = typeof auditLog.$inferSelect;

/** The newest audit records first; only people allowed to read the audit log may. */
export async function listAuditEntries(db: DbOrTx, actor: Actor, limit = 200): Promise<AuditEntryView[]> {
  assertCan(actor, "admin:audit");
  return db
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(Math.min(Math.max(limit, 1), 1000));
}
