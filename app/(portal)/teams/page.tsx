import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { getDb } from "@/lib/server/database";
import { listTeams } from "@/lib/catalog/team-queries";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { linkClass } from "@/components/ui/button";
import { teamHref } from "@/components/catalog/entity-href";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  await requireActor();
  const teams = await listTeams(await getDb());
  return (
    <>
      <PageHeader
        title="Teams"
        description="Every team (Group entity) in the catalog: who is in it and what it owns."
      />
      {teams.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-sm text-slate-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-400">
          <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">No teams yet</h2>
          <p className="mt-1">
            Teams are Group entities. Import descriptors with <code>kind: Group</code> (with <code>spec.members</code>{" "}
            and <code>spec.children</code>) the same way as any other entity; see the{" "}
            <Link href="/catalog" className={linkClass}>
              catalog page
            </Link>{" "}
            for how.
          </p>
        </div>
      ) : (
        <Table caption="Teams">
          <thead>
            <tr>
              <Th>Team</Th>
              <Th>Type</Th>
              <Th className="text-right">Members</Th>
              <Th className="text-right">Owns</Th>
              <Th>Parent</Th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.ref} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <Td>
                  <Link href={teamHref(team.ref)} className={`${linkClass} font-medium`}>
                    {team.displayName}
                  </Link>
                  {team.displayName !== team.name && (
                    <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{team.name}</div>
                  )}
                </Td>
                <Td>{team.type ? <Badge>{team.type}</Badge> : null}</Td>
                <Td className="text-right tabular-nums">{team.memberCount}</Td>
                <Td className="text-right tabular-nums">{team.ownedCount}</Td>
                <Td>
                  {team.parent ? (
                    <Link href={teamHref(team.parent.ref)} className={linkClass}>
                      {team.parent.displayName}
                    </Link>
                  ) : (
                    <span className="text-slate-400 dark:text-slate-500">—</span>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
