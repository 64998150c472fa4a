import { DORA_DEFINITIONS, type DoraFigures, type DoraSource } from "@/lib/dora/compute";
import { DoraChart } from "./dora-chart";

const fmtHours = (h: number | null) => (h === null ? "—" : h < 48 ? `${h} h` : `${Math.round((h / 24) * 10) / 10} d`);

const SOURCE_TEXT: Record<DoraSource, string> = {
  deployments: "from deployments",
  incidents: "from incidents",
  "deployments and incidents": "from deployments and incidents",
};

function Figure({
  label,
  value,
  definition,
  id,
  source,
}: {
  label: string;
  value: string;
  definition: string;
  id: string;
  source: DoraSource;
}) {
  return (
    <div className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="text-xl font-semibold text-slate-900 dark:text-slate-100" aria-describedby={id}>
        {value}
      </dd>
      <dd className="text-xs text-slate-500 dark:text-slate-400" data-testid={`${id}-source`}>
        {SOURCE_TEXT[source]}
      </dd>
      <details className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        <summary className="cursor-pointer">Definition</summary>
        <p id={id}>{definition}</p>
      </details>
    </div>
  );
}

/** The four DORA figures for one window, with the weekly chart and each definition one click away. */
export function DoraPanel({ figures, idPrefix }: { figures: DoraFigures; idPrefix: string }) {
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Figure
          id={`${idPrefix}-df`}
          label="Deployment frequency"
          value={`${figures.deployments} (${figures.deploymentsPerDay}/day)`}
          definition={DORA_DEFINITIONS.deploymentFrequency}
          source={figures.sources.deploymentFrequency}
        />
        <Figure
          id={`${idPrefix}-lt`}
          label={`Lead time (${figures.leadTimeSamples} samples)`}
          value={fmtHours(figures.leadTimeHours)}
          definition={DORA_DEFINITIONS.leadTime}
          source={figures.sources.leadTime}
        />
        <Figure
          id={`${idPrefix}-cfr`}
          label={`Change failure rate (${figures.failedDeployments} failed, ${figures.incidentFailures} followed by an incident)`}
          value={figures.changeFailureRate === null ? "—" : `${Math.round(figures.changeFailureRate * 1000) / 10}%`}
          definition={DORA_DEFINITIONS.changeFailureRate}
          source={figures.sources.changeFailureRate}
        />
        <Figure
          id={`${idPrefix}-ttr`}
          label={`Time to restore (${figures.timeToRestoreSamples} samples)`}
          value={fmtHours(figures.timeToRestoreHours)}
          definition={DORA_DEFINITIONS.timeToRestore}
          source={figures.sources.timeToRestore}
        />
      </dl>
      <DoraChart weekly={figures.weekly} />
    </div>
  );
}
