import type { Metadata } from "next";
import { sql } from "drizzle-orm";
import { requireActor } from "@/app/_lib/page-auth";
import { queryRows } from "@/db/client";
import { getDb } from "@/lib/server/database";
import { environmentsMatrixWithPreviews } from "@/lib/delivery/previews";
import { withOpenIncidents } from "@/lib/incidents/queries";
import { PageHeader } from "@/components/ui/page-header";
import { EnvironmentsMatrix } from "@/components/delivery/environments-matrix";
import { matrixOffers } from "@/lib/release-actions/template-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Environments" };

type Props = { searchParams: Promise<{ team?: string; system?: string }> };

export default async function EnvironmentsPage({ searchParams }: Props) {
  const actor = await requireActor();
  const db = await getDb();
  const { team = "", system = "" } = await searchParams;
  const [initial, options] = await Promise.all([
    environmentsMatrixWithPreviews(db, actor, { team: team || undefined, system: system || undefined }).then((m) =>
      withOpenIncidents(db, m),
    ),
    queryRows<{ ref: string; title: string; kind: string }>(
      db,
      sql`select ref, coalesce(title, name) as title, kind from entities where kind in ('group', 'system') order by 2`,
    ),
  ]);
  const offers = await matrixOffers(db, actor, initial.cells);
  return (
    <article>
      <PageHeader
        title="Environments"
        description="What is live where, and whether it is healthy: every service's environments, from deployments and health probes."
        asOf={false}
      />
      <EnvironmentsMatrix
        initial={initial}
        offers={offers}
        filter={{ team, system }}
        teams={options.filter((o) => o.kind === "group")}
        systems={options.filter((o) => o.kind === "system")}
      />
    </article>
  );
}
