import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { sessionActor } from "@/app/api/_lib/session";
import { can, type Actor, type Permission } from "@/lib/access/permissions";

/**
 * For server components and actions: the signed-in actor, or a redirect to sign-in. With a
 * permission, a signed-in person without it gets the forbidden page instead.
 */
export async function requireActor(permission: Permission = "catalog:read"): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) {
    const path = (await headers()).get("x-portolan-path") ?? "/catalog";
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!can(actor, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return actor;
}
