import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { NotificationSettings } from "@/components/notifications/notification-settings";
import { linkClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getTeam } from "@/lib/catalog/team-queries";
import { listChannels } from "@/lib/notifications/channels";
import { getPreferences } from "@/lib/notifications/preferences";
import { getDb } from "@/lib/server/database";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Team notifications" };

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ namespace?: string | string[] }> };

// A team's channels and which events reach them: its members (and admins) only.
export default async function TeamNotificationsPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { name } = await params;
  const ns = (await searchParams).namespace;
  const db = await getDb();
  const team = await getTeam(db, `group:${typeof ns === "string" && ns ? ns : "default"}/${name}`);
  if (!team) notFound();
  const owner = team.ref.toLowerCase();
  const [matrix, channels] = await Promise.all([
    pageData(getPreferences(db, actor, { owner })),
    pageData(listChannels(db, actor, { owner })),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${team.displayName}: notifications`}
        subtitle={team.ref}
        description="Where the team hears about approvals it is asked for and failed production deployments of its services, and whether its members' inboxes are told too."
        actions={
          <Link className={linkClass} href={`/teams/${encodeURIComponent(name)}`}>
            Back to the team
          </Link>
        }
      />
      <NotificationSettings team={owner} initialMatrix={matrix} initialChannels={channels} />
    </div>
  );
}
