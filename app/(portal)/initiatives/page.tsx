import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { getDb } from "@/lib/server/database";
import { can } from "@/lib/access/permissions";
import { teamsLedBy } from "@/lib/scorecards/initiative-access";
import { listInitiatives } from "@/lib/scorecards/initiatives";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { ProgressBar } from "@/components/scorecards/progress-bar";
import { StartInitiativeForm } from "./_components/start-initiative-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Initiatives" };

const daysLeft = (deadline: string) => Math.ceil((Date.parse(deadline) - Date.now()) / 86_400_000);

export default async function InitiativesPage() {
  const actor = await requireActor();
  const db = await getDb();
  const scorecards = await applyingScorecards(db);
  const { items } = await listInitiatives(db, scorecards);
  // Admins start initiatives over any services; team leads over their own teams'.
  const led = can(actor, "initiatives:manage") || !can(actor, "initiatives:start") ? [] : await teamsLedBy(db, actor);
  const mayStart = can(actor, "initiatives:manage") || led.length > 0;
  return (
    <article>
      <PageHeader
        title="Initiatives"
        description="Bring a set of services to a scorecard level by a deadline; progress comes from the scorecards' results."
      />
      <div className="space-y-6">
        {items.length === 0 ? (
          <p className="text-sm text-slate-500">No initiatives yet.</p>
        ) : (
          <Table caption="Initiatives, nearest deadline first">
            <thead>
              <tr>
                <Th>Initiative</Th>
                <Th>Target</Th>
                <Th>Owner</Th>
                <Th>Deadline</Th>
                <Th>Progress</Th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <Td>
                    <Link href={`/initiatives/${i.id}`} className={linkClass}>
                      {i.name}
                    </Link>
                  </Td>
                  <Td>
                    {i.scorecard}: {i.targetLevel ?? i.targetRules.join(", ")}
                  </Td>
                  <Td>{i.owner}</Td>
                  <Td>
                    {i.deadline.slice(0, 10)} (
                    {daysLeft(i.deadline) >= 0 ? `${daysLeft(i.deadline)} days left` : "overdue"})
                  </Td>
                  <Td>
                    <ProgressBar done={i.progress.done} total={i.progress.total} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {mayStart && scorecards.length > 0 && (
          <Card title="Start an initiative" id="start-initiative">
            {led.length > 0 && (
              <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
                As a team lead you may start initiatives owned by, and over the services of, {led.join(", ")}.
              </p>
            )}
            <StartInitiativeForm
              scorecards={scorecards.map((s) => ({ name: s.name, title: s.title, levels: s.levels }))}
            />
          </Card>
        )}
      </div>
    </article>
  );
}
