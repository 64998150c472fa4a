import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { actorFromUser, findUserById } from "@/lib/auth/users";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/runtime/database";

/** The signed-in person as an actor, read fresh from the database (roles change), or null. */
export async function sessionActor(): Promise<Actor | null> {
  const session = (await getServerSession(authOptions())) as { uid?: string } | null;
  if (!session?.uid) return null;
  const user = await findUserById(await getDb(), session.uid);
  return user ? actorFromUser(user) : null;
}
