"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { SystemStatus as Status } from "@/lib/metrics/system-status";

const seconds = (value: number | null) =>
  value === null ? "—" : value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(1)} s`;

function Counts({ label, counts }: { label: string; counts: Record<string, number> }) {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
      {entries.length === 0 && <dd className="text-slate-500 dark:text-slate-400">none</dd>}
      {entries.map(([key, n]) => (
        <div key={key} className="flex justify-between gap-2">
          <dt className="text-slate-600 dark:text-slate-400">{key.replace("_", " ")}</dt>
          <dd className="font-mono">{n}</dd>
        </div>
      ))}
    </dl>
  );
}

async function fetchStatus({ signal }: { signal: AbortSignal }): Promise<Status> {
  const response = await fetch("/api/v1/system", { cache: "no-store", signal });
  if (!response.ok) throw new Error(`Could not load the system state (${response.status})`);
  return response.json();
}

/** What needs attention, then the figures behind it; refetched every 15 s while the page is open. */
export function SystemStatus({ initial }: { initial: Status }) {
  const { data } = useQuery({
    queryKey: ["system-status"],
    queryFn: fetchStatus,
    initialData: initial,
    refetchInterval: 15_000,
  });
  const { snapshot, attention, githubConfigured } = data;
  return (
    <>
      {attention.length === 0 ? (
        <Alert tone="success" title="Nothing needs attention">
          Queues are moving, runs beat their heartbeats, probes and syncs are on time.
        </Alert>
      ) : (
        <Alert
          tone="warning"
          title={`${attention.length} thing${attention.length === 1 ? "" : "s"} need${attention.length === 1 ? "s" : ""} attention`}
        >
          <ul aria-label="Needs attention" className="list-disc pl-5">
            {attention.map((a) => (
              <li key={a.message}>{a.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Job queue" id="jobs">
          {snapshot.jobs.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">The queue has not started on this database.</p>
          ) : (
            <Table caption="Jobs by queue">
              <thead>
                <tr>
                  <Th>Queue</Th>
                  <Th>Waiting</Th>
                  <Th>Active</Th>
                  <Th>Failed</Th>
                  <Th>Oldest waiting</Th>
                </tr>
              </thead>
              <tbody>
                {snapshot.jobs.map((j) => (
                  <tr key={j.queue}>
                    <Td className="font-mono text-xs">{j.queue}</Td>
                    <Td>{j.waiting}</Td>
                    <Td>{j.active}</Td>
                    <Td>{j.failed}</Td>
                    <Td>{seconds(j.oldestWaitingSeconds)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card title="Provisioning" id="provisioning">
          <Counts label="Runs by status" counts={snapshot.runs.byStatus} />
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            Last 24 h: {snapshot.runs.finishedLastDay} finished · p95 request → first step{" "}
            {seconds(snapshot.runs.firstStepP95Seconds)} · p95 request → end {seconds(snapshot.runs.durationP95Seconds)}{" "}
            · stuck {snapshot.runs.stuck}
          </p>
          <h3 className="mt-4 text-sm font-semibold">Environments</h3>
          <Counts label="Environments by status" counts={snapshot.environments.byStatus} />
        </Card>
        <Card title="Health probes" id="probes">
          <p className="text-sm">
            {snapshot.probes.serviceEnvironments} service environments · {snapshot.probes.failing} failing ·{" "}
            {snapshot.probes.stale} not probed lately · {snapshot.environments.previewsFailing} ready previews failing
          </p>
        </Card>
        <Card title="GitHub" id="github">
          {snapshot.github.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">
              {githubConfigured ? "No sync has run yet." : "GitHub is not configured."}
            </p>
          ) : (
            <Table caption="GitHub organisations">
              <thead>
                <tr>
                  <Th>Organisation</Th>
                  <Th>Last sync</Th>
                  <Th>Last success</Th>
                  <Th>Rate limit left</Th>
                </tr>
              </thead>
              <tbody>
                {snapshot.github.map((g) => (
                  <tr key={g.org}>
                    <Td className="font-mono text-xs">{g.org}</Td>
                    <Td>{g.lastStatus}</Td>
                    <Td>{g.lastSuccessAt ? <RelativeTime value={g.lastSuccessAt} /> : "never"}</Td>
                    <Td>{g.rateLimitRemaining ?? "—"}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card title="Catalog" id="catalog">
          <Counts label="Entities by kind" counts={snapshot.catalog.entitiesByKind} />
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            {snapshot.catalog.locationsWithErrors} locations with descriptor errors
          </p>
        </Card>
      </div>
    </>
  );
}
