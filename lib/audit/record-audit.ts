import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { actorLabel, type Actor } from "@/lib/access/permissions";

export type AuditEntry = { action: string; target?: string; details?: Record<string, unknown>; ip?: string | null };

/** Appends to the audit log in the caller's transaction, so the record and the change land together. */
export async function recordAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actor: actorLabel(actor),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  });
}
