"use client";

import { useQuery } from "@tanstack/react-query";
import { useActionState, useState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { SyncRunView } from "@/lib/github/queries";
import { syncNow } from "../actions";

const TONE: Record<string, BadgeTone> = {
  running: "brand",
  succeeded: "green",
  partial: "amber",
  failed: "red",
  interrupted: "neutral",
};

async function fetchRuns(): Promise<{ runs: SyncRunView[]; isRunning: boolean }> {
  const response = await fetch("/api/v1/github/syncs", { cache: "no-store" });
  if (!response.ok) throw new Error(`Could not load syncs (${response.status})`);
  return response.json();
}

const seconds = (ms: number | null) => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);

/** Sync now, and the runs: polled every second while one is queued or running. */
export function SyncPanel({ initialRuns, canSync }: { initialRuns: SyncRunView[]; canSync: boolean }) {
  const [state, action, isPending] = useActionState(syncNow, IDLE);
  // The newest run known when Sync now was pressed. Not the props: the action revalidates the page,
  // and a quick sync is already among the new props' runs, so it would never count as newer.
  const [baseline, setBaseline] = useState(initialRuns[0]?.id ?? 0);
  const { data } = useQuery({
    queryKey: ["github-syncs"],
    queryFn: fetchRuns,
    initialData: { runs: initialRuns, isRunning: initialRuns.some((r) => r.status === "running") },
    refetchInterval: (query) => (query.state.data?.isRunning || isWaiting(query.state.data) ? 1000 : false),
  });
  // A sync this page queued is awaited until a newer run than the page started with has finished.
  function isWaiting(current: { runs: SyncRunView[] } | undefined): boolean {
    const newest = current?.runs[0];
    return state.status === "ok" && !(newest && newest.id > baseline && newest.status !== "running");
  }
  const waiting = isWaiting(data);
  const runs = data.runs;
  const last = runs.find((r) => r.status !== "running");
  const isBusy = isPending || data.isRunning || waiting;

  return (
    <>
      <Card
        title="Syncs"
        id="github-syncs"
        actions={
          <form action={action} onSubmit={() => setBaseline(runs[0]?.id ?? 0)} className="flex items-center gap-2">
            <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
              {data.isRunning ? "Sync running…" : waiting ? "Sync queued…" : ""}
            </span>
            <Button type="submit" variant="primary" disabled={!canSync || isBusy}>
              {isBusy ? "Syncing…" : "Sync now"}
            </Button>
          </form>
        }
      >
        {state.status === "error" && (
          <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-300">
            {state.message}
          </p>
        )}
        {runs.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No sync has run yet.</p>
        ) : (
          <Table caption="Recent GitHub syncs">
            <thead>
              <tr>
                <Th>Started</Th>
                <Th>Organisation</Th>
                <Th>Status</Th>
                <Th>Duration</Th>
                <Th>Repositories</Th>
                <Th>Entities</Th>
                <Th>Requests</Th>
                <Th>304s</Th>
                <Th>Rate limit left</Th>
                <Th>Errors</Th>
                <Th>Trigger</Th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid="sync-run">
                  <Td className="whitespace-nowrap">
                    <RelativeTime value={r.startedAt} />
                  </Td>
                  <Td>{r.org}</Td>
                  <Td>
                    <Badge tone={TONE[r.status] ?? "neutral"}>{r.status}</Badge>
                  </Td>
                  <Td>{seconds(r.durationMs)}</Td>
                  <Td>{r.repos}</Td>
                  <Td>{r.entities}</Td>
                  <Td>{r.calls}</Td>
                  <Td>{r.notModified}</Td>
                  <Td>{r.rateLimitRemaining ?? "—"}</Td>
                  <Td>{r.errors.length}</Td>
                  <Td className="text-xs text-slate-500 dark:text-slate-400">{r.trigger}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {last && last.errors.length > 0 && (
        <Card title="Problems in the last sync" id="github-errors">
          <ul className="space-y-2 text-sm">
            {last.errors.map((e, i) => (
              <li key={i} className="rounded border border-amber-200 p-2 dark:border-amber-800">
                <p className="font-mono text-xs text-slate-600 dark:text-slate-400">
                  {[e.repo, e.file, e.document !== undefined ? `document ${e.document}` : null, e.field]
                    .filter(Boolean)
                    .join(" · ") || last.org}
                </p>
                <p>{e.message}</p>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
