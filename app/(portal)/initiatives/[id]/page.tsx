import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { getDb } from "@/lib/server/database";
import { getInitiative, initiativeProgress } from "@/lib/scorecards/initiatives";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { hrefForRef, teamHref } from "@/components/catalog/entity-href";
import { BurnUp } from "@/components/scorecards/burn-up";
import { ProgressBar } from "@/components/scorecards/progress-bar";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Initiative" };

export default async function InitiativePage({ params }: { params: Promise<{ id: string }> }) {
  await requireActor();
  const { id } = await params;
  const db = await getDb();
  const initiative = await pageData(getInitiative(db, id));
  const scorecard = (await applyingScorecards(db)).find((s) => s.name === initiative.scorecard);
  const progress = await initiativeProgress(db, initiative, scorecard);
  const target = initiative.targetLevel
    ? `${scorecard?.title ?? initiative.scorecard} at ${initiative.targetLevel}`
    : `${scorecard?.title ?? initiative.scorecard}: ${initiative.targetRules.join(", ")} passing`;
  return (
    <article>
      <PageHeader
        title={initiative.name}
        subtitle={`${target} · owner ${initiative.owner} · deadline ${initiative.deadline.slice(0, 10)}`}
        description={initiative.description ?? undefined}
        badges={
          progress.daysLeft >= 0 ? (
            <Badge tone={progress.daysLeft <= 7 ? "amber" : "neutral"}>{progress.daysLeft} days left</Badge>
          ) : (
            <Badge tone="red">overdue</Badge>
          )
        }
      />
      <div className="space-y-6">
        <Card title="Progress" id="progress">
          <ProgressBar done={progress.done} total={progress.total} />
          <p className="mb-3 mt-1 text-xs text-slate-500">
            {Math.round(progress.elapsed * 100)}% of the time to the deadline has gone.
          </p>
          <BurnUp
            points={progress.burnUp}
            total={progress.total}
            start={initiative.createdAt}
            deadline={initiative.deadline}
          />
        </Card>
        <Card title="Teams" id="teams">
          <Table caption="Teams by share done, lowest first">
            <thead>
              <tr>
                <Th>Team</Th>
                <Th>Done</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {progress.teams.map((t) => (
                <tr key={t.owner ?? "none"} data-testid="initiative-team">
                  <Td>
                    {t.owner ? (
                      <Link href={teamHref(t.owner)} className={linkClass}>
                        {t.owner}
                      </Link>
                    ) : (
                      "no owner"
                    )}
                  </Td>
                  <Td>
                    <ProgressBar done={t.done} total={t.total} />
                  </Td>
                  <Td>
                    {t.done === t.total ? (
                      <Badge tone="green">done</Badge>
                    ) : t.behind ? (
                      <Badge tone="red">behind</Badge>
                    ) : (
                      <Badge>on track</Badge>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <Card title="Reminders" id="reminders">
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
            Teams with services not at target are told{" "}
            {initiative.reminders.length
              ? `${initiative.reminders.join(", ")} days before the deadline`
              : "nothing (no reminder days)"}{" "}
            — in the portal and on their notification channels.
          </p>
          {progress.remindersSent.length === 0 ? (
            <p className="text-sm text-slate-500">No reminder has gone out yet.</p>
          ) : (
            <ul className="text-sm" data-testid="initiative-reminders">
              {progress.remindersSent.map((r) => (
                <li key={`${r.team} ${r.daysBefore}`}>
                  {r.sentAt.slice(0, 10)}: {r.team} ({r.remaining} to do, {r.daysBefore} days before)
                </li>
              ))}
            </ul>
          )}
        </Card>
        {progress.remaining.length > 0 && (
          <Card title={`Still to do (${progress.remaining.length})`} id="remaining">
            <ul className="columns-2 text-sm">
              {progress.remaining.slice(0, 200).map((r) => (
                <li key={r.entityRef}>
                  <Link href={hrefForRef(r.entityRef)} className={linkClass}>
                    {r.entityRef}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </article>
  );
}
