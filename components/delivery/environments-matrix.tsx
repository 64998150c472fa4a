"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { entityHref } from "@/components/catalog/entity-href";
import { RelativeTime } from "@/components/ui/relative-time";
import { DataAge } from "@/components/ui/data-age";
import type { MatrixWithPreviews, Preview } from "@/lib/delivery/previews";
import type { MatrixIncident, WithIncidents } from "@/lib/incidents/queries";
import { HealthBadge, VersionLabel } from "./badges";
import { displayActor } from "@/lib/access/display-actor";
import { TemplateActionButtons } from "@/components/release-actions/template-action-button";
import { FilterPicker } from "./filter-picker";
import type { TemplateActionOffer } from "@/lib/release-actions/template-actions";

type Matrix = WithIncidents<MatrixWithPreviews>;
type Filter = { team: string; system: string };

/** The filters: which URL parameter each sets, and the kind of entity its picker offers. */
const PICKERS = [
  { param: "team", kind: "group", label: "Team", noneLabel: "All teams" },
  { param: "system", kind: "system", label: "System", noneLabel: "All systems" },
] as const;

/** Services × environments, refreshed every 2 s; filters live in the URL so a view can be shared. */
export function EnvironmentsMatrix({
  initial,
  offers = {},
  filter,
  filterTitles,
}: {
  initial: Matrix;
  /** Action templates the reader may run, by `service|environment` (the page reads them with the filter). */
  offers?: Record<string, TemplateActionOffer[]>;
  filter: Filter;
  /** What the filters' pickers show for the refs in the URL (the page reads just those titles). */
  filterTitles: Filter;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [current, setCurrent] = useState(filter);
  const matrix = useQuery({
    queryKey: ["environments-matrix", current],
    queryFn: async (): Promise<Matrix> => {
      const response = await fetch(`/environments/data?${new URLSearchParams(current)}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    initialData: current.team === filter.team && current.system === filter.system ? initial : undefined,
    // A deployment's probe lands within seconds (lib/health/jobs.ts); the page follows as quickly while visible.
    refetchInterval: 2_000,
  });
  const change = (next: Filter) => {
    setCurrent(next);
    const params = new URLSearchParams(Object.entries(next).filter(([, v]) => v));
    router.replace(`${pathname}${params.size ? `?${params}` : ""}`, { scroll: false });
  };
  const data = matrix.data;
  const cell = (service: string, env: string) => data?.cells.find((c) => c.service === service && c.name === env);
  const incidentsOf = (service: string, env: string | null) =>
    data?.incidents?.find((i) => i.service === service && i.environment === env);
  const elsewhere = (service: string) =>
    (data?.incidents ?? []).filter(
      (i) => i.service === service && (i.environment === null || !data?.environments.includes(i.environment)),
    );
  return (
    <div className="space-y-3">
      <form className="flex flex-wrap gap-4" aria-label="Filter environments" onSubmit={(e) => e.preventDefault()}>
        {PICKERS.map((p) => (
          <FilterPicker
            key={p.param}
            kind={p.kind}
            label={p.label}
            noneLabel={p.noneLabel}
            selectedTitle={filterTitles[p.param]}
            onChange={(ref) => change({ ...current, [p.param]: ref })}
          />
        ))}
        <span className="self-center text-xs text-slate-500 dark:text-slate-400">
          {matrix.error ? (
            <span role="alert">Could not refresh: {matrix.error.message} · </span>
          ) : (
            `${data?.total ?? 0} services · `
          )}
          {matrix.dataUpdatedAt > 0 && <DataAge at={matrix.dataUpdatedAt} />}
        </span>
      </form>
      {!data || data.services.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No deployments reported for these services yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Services by environment: live version, health and age</caption>
            <thead>
              <tr className="text-left text-xs text-slate-500 dark:text-slate-400">
                <th scope="col" className="px-2 py-1">
                  Service
                </th>
                {data.environments.map((env) => (
                  <th scope="col" key={env} className="px-2 py-1">
                    {env}
                  </th>
                ))}
                <th scope="col" className="px-2 py-1">
                  previews
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {data.services.map((s) => (
                <tr key={s.ref}>
                  <th scope="row" className="px-2 py-2 text-left font-medium">
                    <Link
                      href={`${entityHref(s.ref)}?tab=environments`}
                      className="text-brand-700 hover:underline dark:text-brand-100"
                    >
                      {s.title ?? s.ref.replace(/^component:default\//, "")}
                    </Link>
                    {elsewhere(s.ref).map((i) => (
                      <div key={i.environment ?? ""}>
                        <IncidentMarker incident={i} />
                      </div>
                    ))}
                  </th>
                  {data.environments.map((env) => {
                    const c = cell(s.ref, env);
                    const open = incidentsOf(s.ref, env);
                    return (
                      <td key={env} className="px-2 py-2 align-top">
                        {open && <IncidentMarker incident={open} />}
                        {c ? (
                          <div className="space-y-1">
                            {c.live ? (
                              <VersionLabel live={c.live} />
                            ) : (
                              <span className="text-xs text-slate-500">not live</span>
                            )}
                            <div>
                              <HealthBadge health={c.health} />
                            </div>
                            {c.live && (
                              <div className="text-xs text-slate-500 dark:text-slate-400">
                                <RelativeTime value={c.live.deployedAt} />
                              </div>
                            )}
                            <TemplateActionButtons offers={offers[`${s.ref}|${env}`] ?? []} size="sm" />
                          </div>
                        ) : (
                          <span className="text-slate-400" aria-label="not deployed">
                            —
                          </span>
                        )}
                      </td>
                    );
                  })}
                  <td className="px-2 py-2 align-top">
                    <PreviewLinks previews={data.previews?.[s.ref] ?? []} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The red marker: open incidents of one service in one environment, linking to them. */
function IncidentMarker({ incident }: { incident: MatrixIncident }) {
  const params = new URLSearchParams({ service: incident.service, status: "open" });
  if (incident.environment) params.set("environment", incident.environment);
  const label = `${incident.open} open incident${incident.open === 1 ? "" : "s"}${incident.environment ? "" : " (no environment)"}`;
  return (
    <Link
      href={`/incidents?${params}`}
      className="mb-1 inline-flex items-center gap-1 rounded bg-red-600 px-1.5 py-0.5 text-xs font-medium text-white hover:bg-red-700"
      title={`Worst severity: ${incident.worst}`}
      data-testid="incident-marker"
    >
      <span aria-hidden="true">●</span>
      {label}
    </Link>
  );
}

/** A service's self-service previews: each links to its run page (and its URL once ready). */
function PreviewLinks({ previews }: { previews: Preview[] }) {
  if (previews.length === 0)
    return (
      <span className="text-slate-400" aria-label="no previews">
        —
      </span>
    );
  return (
    <ul className="space-y-1 text-xs" aria-label={`${previews.length} preview${previews.length === 1 ? "" : "s"}`}>
      {previews.slice(0, 3).map((p) => (
        <li key={p.id}>
          <Link
            href={`/runs/${p.runId}`}
            className="text-brand-700 hover:underline dark:text-brand-100"
            title={`${p.name} · ${displayActor(p.owner)}`}
          >
            {p.branch ?? p.name}
          </Link>{" "}
          {p.health ? (
            <HealthBadge health={p.health} />
          ) : (
            <span className="text-slate-500 dark:text-slate-400">{p.status.replace("_", " ")}</span>
          )}
        </li>
      ))}
      {previews.length > 3 && <li className="text-slate-500 dark:text-slate-400">+{previews.length - 3} more</li>}
    </ul>
  );
}
