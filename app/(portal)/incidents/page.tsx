import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { can } from "@/lib/access/permissions";
import { getDb } from "@/lib/server/database";
import { listIncidents } from "@/lib/incidents/queries";
import { incidentsQuery } from "@/lib/incidents/schemas";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { IncidentTable } from "@/components/incidents/incident-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

const inputCls =
  "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

export default async function IncidentsPage({ searchParams }: Props) {
  const actor = await requireActor();
  // The filter form sends empty fields; they mean "any".
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v));
  const admin = can(actor, "incidents:manage");
  const parsed = incidentsQuery.safeParse({ ...raw, unmatched: admin ? raw.unmatched : undefined, limit: 50 });
  const query = parsed.success ? parsed.data : { limit: 50 };
  const { items, nextCursor } = await pageData(listIncidents(await getDb(), actor, query));
  const filters = Object.entries({ ...query, unmatched: query.unmatched ? "true" : "" }).filter(
    ([k, v]) => k !== "limit" && k !== "cursor" && v,
  ) as [string, string][];
  const next = new URLSearchParams([...filters, ["cursor", nextCursor ?? ""]]);
  return (
    <article>
      <PageHeader
        title="Incidents"
        description="Incidents from Alertmanager, PagerDuty and the incidents API (POST /api/v1/incidents), newest first."
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter incidents">
        <label className="text-sm text-slate-700 dark:text-slate-300">
          Service
          <input name="service" defaultValue={query.service ?? ""} className={inputCls} placeholder="payments" />
        </label>
        <label className="text-sm text-slate-700 dark:text-slate-300">
          Team
          <input name="team" defaultValue={query.team ?? ""} className={inputCls} placeholder="team-payments" />
        </label>
        <label className="text-sm text-slate-700 dark:text-slate-300">
          Environment
          <input name="environment" defaultValue={query.environment ?? ""} className={inputCls} />
        </label>
        <label className="text-sm text-slate-700 dark:text-slate-300">
          Status
          <select name="status" defaultValue={query.status ?? ""} className={inputCls}>
            <option value="">Any</option>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
        {admin && (
          <label className="flex items-center gap-1 text-sm text-slate-700 dark:text-slate-300">
            <input type="checkbox" name="unmatched" value="true" defaultChecked={query.unmatched ?? false} />
            Only unmatched (no catalog service)
          </label>
        )}
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
      </form>
      {!parsed.success && (
        <p role="alert" className="mb-3 text-sm text-amber-700 dark:text-amber-300">
          Some filters were not understood and were left out.
        </p>
      )}
      <IncidentTable items={items} caption="Incidents, newest first" />
      {nextCursor && (
        <Link
          href={`/incidents?${next}`}
          className="mt-3 inline-block text-sm text-brand-700 hover:underline dark:text-brand-100"
        >
          Older incidents
        </Link>
      )}
    </article>
  );
}
