import type { Db } from "@/db/client";
import { createSetupLink } from "./setup";

export type StartupNoticeOptions = { devLogin: boolean; underLauncher: boolean; publicUrl: string; now?: Date };

/**
 * What the server prints about sign-in when it starts: with the development sign-in, a warning
 * (scripts/serve.mjs prints its own, with the address it listens on); otherwise, while no admin can
 * sign in, a one-time link that creates the first admin.
 */
export async function startupNotice(
  db: Db,
  options: StartupNoticeOptions,
): Promise<{ level: "warn" | "info"; text: string } | null> {
  if (options.devLogin) {
    if (options.underLauncher) return null;
    const text = [
      "[portolan] WARNING: the development sign-in is ON (PORTOLAN_DEV_LOGIN=true): anyone who can reach this server",
      "[portolan] signs in as anyone, admin included, without a password. Never use it for a shared portal.",
    ].join("\n");
    return { level: "warn", text };
  }
  const link = await createSetupLink(db, options.now);
  if (!link) return null;
  const text = [
    "",
    "[portolan] No admin can sign in yet. Open this one-time link to create the first admin",
    `[portolan] (it works once, until ${link.expiresAt.toISOString()}; restart the server for a new one):`,
    "",
    `    ${options.publicUrl}/setup?token=${link.secret}`,
    "",
  ].join("\n");
  // On stdout, where the operator reads the start-up lines (and where tests look for it).
  return { level: "info", text };
}
