import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { getDb } from "@/lib/server/database";
import { describeRefs } from "@/lib/catalog/queries";
import { refName } from "@/lib/catalog/graph-layout";
import { environmentsMatrixWithPreviews } from "@/lib/delivery/previews";
import { environmentsPageParams } from "@/lib/delivery/schemas";
import { withOpenIncidents } from "@/lib/incidents/queries";
import { PageHeader } from "@/components/ui/page-header";
import { EnvironmentsMatrix } from "@/components/delivery/environments-matrix";
import { matrixOffers } from "@/lib/release-actions/template-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Environments" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EnvironmentsPage({ searchParams }: Props) {
  const actor = await requireActor();
  const db = await getDb();
  const { team = "", system = "" } = environmentsPageParams.parse(await searchParams);
  // The pickers fetch their options as the reader types; the page reads only the chosen refs' titles.
  const [initial, titles] = await Promise.all([
    environmentsMatrixWithPreviews(db, actor, { team: team || undefined, system: system || undefined }).then((m) =>
      withOpenIncidents(db, m),
    ),
    describeRefs(db, [team, system].filter(Boolean)),
  ]);
  const offers = await matrixOffers(db, actor, initial.cells);
  const titleOf = (ref: string) => (ref ? (titles.get(ref)?.title ?? refName(ref)) : "");
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
        filterTitles={{ team: titleOf(team), system: titleOf(system) }}
      />
    </article>
  );
}
