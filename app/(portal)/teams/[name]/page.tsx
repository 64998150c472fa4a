import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/app/_lib/page-auth";
import { getDb } from "@/lib/server/database";
import { getTeam } from "@/lib/catalog/team-queries";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { entityHref } from "@/components/catalog/entity-href";
import { TeamDelivery } from "@/components/delivery/team-delivery";
import { environmentsMatrix } from "@/lib/delivery/service-environments";
import { teamDora } from "@/lib/dora/queries";
import { listIncidents } from "@/lib/incidents/queries";
import { IncidentTable } from "@/components/incidents/incident-table";
import { teamScorecards } from "@/lib/scorecards/queries";
import { teamReminders } from "@/lib/scorecards/initiatives";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";
import { TeamReminders } from "@/components/scorecards/team-reminders";
import { TeamScorecards } from "@/components/scorecards/team-scorecards";
import { TeamHierarchy } from "./_components/team-hierarchy";
import { TeamMembers } from "./_components/team-members";
import { TeamOwned } from "./_components/team-owned";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ namespace?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

export default async function TeamPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { name } = await params;
  const ns = (await searchParams).namespace;
  const namespace = typeof ns === "string" && ns ? ns : "default";
  const db = await getDb();
  const team = await getTeam(db, `group:${namespace}/${name}`);
  if (!team) notFound();
  const applying = await applyingScorecards(db);
  const [matrix, dora, incidents, scorecards, reminders] = await Promise.all([
    environmentsMatrix(db, { team: team.ref }),
    teamDora(db, team.ref, 30),
    listIncidents(db, actor, { team: team.ref, limit: 10 }),
    teamScorecards(db, team.ref, applying),
    teamReminders(db, team.ref, applying),
  ]);
  const open = incidents.items.filter((i) => i.status !== "resolved");

  return (
    <article>
      <PageHeader
        title={team.displayName}
        subtitle={team.ref}
        description={team.description}
        badges={team.type ? <Badge>{team.type}</Badge> : undefined}
        actions={
          <span className="flex gap-4">
            <Link
              href={`/teams/${encodeURIComponent(name)}/notifications${namespace === "default" ? "" : `?namespace=${encodeURIComponent(namespace)}`}`}
              className={linkClass}
            >
              Notifications
            </Link>
            <Link href={entityHref(team.ref)} className={linkClass}>
              Catalog entry
            </Link>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0 space-y-6">
          {incidents.items.length > 0 && (
            <Card
              title={open.length ? `Incidents · ${open.length} open` : "Recent incidents"}
              id="team-incidents"
              actions={
                <Link href={`/incidents?team=${encodeURIComponent(team.ref)}`} className={linkClass}>
                  All incidents
                </Link>
              }
            >
              <IncidentTable
                items={[...open, ...incidents.items.filter((i) => i.status === "resolved")]}
                caption="Incidents of this team's services, open first"
              />
            </Card>
          )}
          <TeamReminders reminders={reminders} />
          <TeamMembers members={team.members} />
          <TeamOwned owned={team.owned} />
          <TeamScorecards teamRef={team.ref} scorecards={scorecards} />
          <TeamDelivery teamRef={team.ref} matrix={matrix} dora={dora} />
        </div>
        <aside className="space-y-6">
          <TeamHierarchy parent={team.parent} childTeams={team.children} />
          {(team.email || team.links.length > 0) && (
            <Card title="Contact" id="contact">
              <ul className="space-y-1 text-sm">
                {team.email && (
                  <li>
                    <a href={`mailto:${team.email}`} className={linkClass}>
                      {team.email}
                    </a>
                  </li>
                )}
                {team.links
                  .filter((l) => /^https?:\/\//i.test(l.url))
                  .map((l) => (
                    <li key={l.url}>
                      <a href={l.url} target="_blank" rel="noopener noreferrer" className={linkClass}>
                        {l.title || l.url}
                        <span className="sr-only"> (opens in a new tab)</span>
                      </a>
                    </li>
                  ))}
              </ul>
            </Card>
          )}
        </aside>
      </div>
    </article>
  );
}
