import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { UsageTotals } from "@/components/self-service/usage-totals";
import { actorLabel } from "@/lib/access/permissions";
import { groupsOf } from "@/lib/provisioning/guardrails";
import { listSelfServiceEnvironments } from "@/lib/provisioning/queries";
import { usageTotals } from "@/lib/provisioning/usage";
import { getDb } from "@/lib/server/database";
import { EnvironmentList } from "./environment-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My environments" };

export default async function MyEnvironmentsPage() {
  const actor = await requireActor();
  const db = await getDb();
  const [initial, teams] = await Promise.all([listSelfServiceEnvironments(db, actor), groupsOf(db, actor)]);
  const [mine, ofTeams] = await Promise.all([
    usageTotals(db, "owner", { owner: actorLabel(actor) }),
    usageTotals(db, "team", { teams }),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="My environments"
        description="Environments you started. Each one removes itself when its time runs out; extend it if you need longer, or put it to sleep (its data stays) while nobody uses it."
        actions={
          <Link href="/self-service" className={buttonClass("primary")}>
            Start an environment
          </Link>
        }
      />
      <EnvironmentList initial={initial} />
      <Card title="Usage so far" id="usage">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Resource-hours are the hours an environment was awake; put it to sleep to stop them counting. Cost appears
          when an admin sets a price per resource-hour.
        </p>
        <div className="grid gap-4 lg:grid-cols-2">
          <UsageTotals caption="You" by="owner" totals={mine} />
          <UsageTotals caption="Your teams" by="team" totals={ofTeams} />
        </div>
      </Card>
    </div>
  );
}
