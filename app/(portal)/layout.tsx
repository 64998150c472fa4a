import type { ReactNode } from "react";
import { requireActor } from "@/app/_lib/page-auth";
import { can, type Actor } from "@/lib/access/permissions";
import { TopBar } from "@/components/shell/top-bar";

export const dynamic = "force-dynamic";

function displayName(actor: Actor): string {
  if (actor.kind === "user") return actor.name ?? actor.login;
  return actor.name;
}

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return (
    <div className="flex min-h-screen flex-col">
      <TopBar user={{ name: displayName(actor), role: actor.role }} isAdmin={can(actor, "admin:users")} />
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
