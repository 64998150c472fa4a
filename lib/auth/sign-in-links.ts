import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { signInLinks, type Role, type SignInLinkKind } from "@/db/schema";
import { AppError } from "@/lib/errors";

export type SignInLink = typeof signInLinks.$inferSelect;

const KIND_TEXT: Record<SignInLinkKind, string> = {
  setup: "setup link",
  invitation: "invitation",
  reset: "password reset link",
};

/** One-time links carry 256 random bits; only their SHA-256 is stored. */
export function hashLinkSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export async function createSignInLink(
  tx: DbOrTx,
  input: {
    kind: SignInLinkKind;
    ttlMs: number;
    now?: Date;
    login?: string;
    role?: Role;
    userId?: string;
    createdBy?: string | null;
  },
): Promise<{ id: string; secret: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date((input.now ?? new Date()).getTime() + input.ttlMs);
  const [row] = await tx
    .insert(signInLinks)
    .values({
      kind: input.kind,
      tokenHash: hashLinkSecret(secret),
      login: input.login ?? null,
      role: input.role ?? null,
      userId: input.userId ?? null,
      createdBy: input.createdBy ?? null,
      expiresAt,
    })
    .returning({ id: signInLinks.id });
  return { id: row.id, secret, expiresAt };
}

/**
 * The link a secret names, if it may still be used; otherwise an error that says why (unknown,
 * used, withdrawn, expired) and what to do. The secret is unguessable, so saying why leaks nothing.
 */
export async function findUsableLink(
  tx: DbOrTx,
  kind: SignInLinkKind,
  secret: string,
  now = new Date(),
): Promise<SignInLink> {
  const what = KIND_TEXT[kind];
  const [row] =
    typeof secret === "string" && secret.length > 0 && secret.length <= 200
      ? await tx
          .select()
          .from(signInLinks)
          .where(and(eq(signInLinks.tokenHash, hashLinkSecret(secret)), eq(signInLinks.kind, kind)))
      : [];
  const again = kind === "setup" ? "restart the server for a new setup link" : "ask an admin for a new one";
  if (!row)
    throw new AppError("not_found:auth", `This ${what} is not valid; check that you copied all of it, or ${again}.`);
  if (row.usedAt) throw new AppError("conflict:auth", `This ${what} has already been used; ${again}.`);
  if (row.revokedAt) throw new AppError("conflict:auth", `This ${what} was withdrawn; ${again}.`);
  if (row.expiresAt.getTime() <= now.getTime()) throw new AppError("conflict:auth", `This ${what} expired; ${again}.`);
  return row;
}

/** Marks a link used; exactly one of two concurrent uses wins, the other is told it was used. */
export async function consumeLink(tx: DbOrTx, link: SignInLink, now = new Date()): Promise<void> {
  const used = await tx
    .update(signInLinks)
    .set({ usedAt: now })
    .where(and(eq(signInLinks.id, link.id), isNull(signInLinks.usedAt), isNull(signInLinks.revokedAt)))
    .returning({ id: signInLinks.id });
  if (used.length === 0) throw new AppError("conflict:auth", `This ${KIND_TEXT[link.kind]} has already been used.`);
}
