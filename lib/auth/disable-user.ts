import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { revokeUserSessions } from "./sessions";
import { assertNotLastAdmin, type UserRow } from "./users";

/** Disabling an account ends its sessions at once and refuses every sign-in until it is enabled again. */
export async function setUserDisabled(
  db: Db,
  actor: Actor,
  input: { userId: string; disabled: boolean },
  context: { ip?: string | null } = {},
): Promise<UserRow> {
  assertCan(actor, "admin:users");
  return db.transaction(async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!target) throw new AppError("not_found:users", "No such user.");
    if (input.disabled) {
      if (actor.kind === "user" && actor.id === target.id)
        throw new AppError("conflict:users", "You cannot disable your own account.");
      if (target.role === "admin") await assertNotLastAdmin(tx, target.id);
    }
    const [updated] = await tx
      .update(users)
      .set({ disabledAt: input.disabled ? (target.disabledAt ?? new Date()) : null })
      .where(eq(users.id, target.id))
      .returning();
    const sessions = input.disabled ? await revokeUserSessions(tx, target.id) : 0;
    await recordAudit(tx, actor, {
      action: input.disabled ? "user.disable" : "user.enable",
      target: target.login,
      details: input.disabled ? { sessions } : {},
      ip: context.ip,
    });
    return updated;
  });
}
