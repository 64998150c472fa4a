import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { getDb } from "@/lib/server/database";
import { can } from "@/lib/access/permissions";
import { listInitiatives } from "@/lib/scorecards/initiatives";
import { usableScorecards } from "@/lib/scorecards/load-scorecards";
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
  const scorecards = usableScorecards();
  const { items } = await listInitiatives(await getDb(), scorecards);
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
        {can(actor, "initiatives:manage") && scorecards.length > 0 && (
          <Card title="Start an initiative" id="start-initiative">
            <StartInitiativeForm
              scorecards={scorecards.map((s) => ({ name: s.name, title: s.title, levels: s.levels }))}
            />
          </Card>
        )}
      </div>
    </article>
  );
}
