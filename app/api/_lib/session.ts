import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { getDb } from "@/lib/server/database";
import type { Actor } from "@/lib/access/permissions";

/**
 * The signed-in person as an actor, or null. next-auth's jwt callback checks the server-side
 * session (revoked, idle, expired, account disabled) and reads the role fresh from the database.
 * Once per server render (the layout and the page both ask): React's `cache` keeps the answer for
 * the request; outside a render (route handlers) it is read on every call.
 */
export const sessionActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions(getDb))) as { actor?: Actor | null } | null;
  return session?.actor ?? null;
});
