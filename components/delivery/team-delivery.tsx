import Link from "next/link";
import { Card } from "@/components/ui/card";
import { entityHref } from "@/components/catalog/entity-href";
import type { Matrix } from "@/lib/delivery/service-environments";
import type { DoraFigures } from "@/lib/dora/compute";
import { HealthBadge, VersionLabel } from "./badges";
import { DoraPanel } from "./dora-panel";

/** A team page section: each owned service's environments (version, health) and the team's DORA figures. */
export function TeamDelivery({
  teamRef,
  matrix,
  dora,
}: {
  teamRef: string;
  matrix: Matrix;
  dora: DoraFigures & { services: number };
}) {
  return (
    <Card
      title="Delivery"
      id="team-delivery"
      actions={
        <Link
          href={`/environments?team=${encodeURIComponent(teamRef)}`}
          className="text-xs text-brand-700 hover:underline dark:text-brand-100"
        >
          Live matrix
        </Link>
      }
    >
      {matrix.services.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          None of this team&apos;s services has reported a deployment yet.
        </p>
      ) : (
        <ul
          className="mb-4 divide-y divide-slate-200 dark:divide-slate-800"
          aria-label="Services and their environments"
        >
          {matrix.services.map((s) => (
            <li key={s.ref} className="flex flex-wrap items-center gap-3 py-2 text-sm">
              <Link
                href={`${entityHref(s.ref)}?tab=environments`}
                className="min-w-40 font-medium text-brand-700 hover:underline dark:text-brand-100"
              >
                {s.title ?? s.ref.replace(/^component:default\//, "")}
              </Link>
              {matrix.cells
                .filter((c) => c.service === s.ref)
                .map((c) => (
                  <span key={c.name} className="inline-flex items-center gap-1">
                    <span className="text-xs text-slate-500 dark:text-slate-400">{c.name}</span>
                    {c.live && <VersionLabel live={c.live} />}
                    <HealthBadge health={c.health} />
                  </span>
                ))}
            </li>
          ))}
        </ul>
      )}
      <h3 className="mb-2 text-xs font-semibold uppercase text-slate-500 dark:text-slate-400">
        DORA, last 30 days ({dora.services} services)
      </h3>
      <DoraPanel figures={dora} idPrefix="team-dora" />
    </Card>
  );
}
