import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listSelfServiceEnvironments } from "@/lib/provisioning/queries";
import { getDb } from "@/lib/server/database";
import { EnvironmentList } from "./environment-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My environments" };

export default async function MyEnvironmentsPage() {
  const actor = await requireActor();
  const initial = await listSelfServiceEnvironments(await getDb(), actor);
  return (
    <div className="space-y-6">
      <PageHeader
        title="My environments"
        description="Environments you started. Each one removes itself when its time runs out; extend it if you need longer."
        actions={
          <Link href="/self-service" className={buttonClass("primary")}>
            Start an environment
          </Link>
        }
      />
      <EnvironmentList initial={initial} />
    </div>
  );
}
