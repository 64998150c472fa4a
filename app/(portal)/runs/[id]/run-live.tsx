"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { apiJson, STATUS_TONE, timeLeft, usageText } from "@/components/self-service/api";
import { SleepWakeButtons } from "@/components/self-service/sleep-wake-buttons";
import { HealthBadge } from "@/components/delivery/badges";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass, inputClass, linkClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { RunView } from "@/lib/provisioning/queries";
import { displayActor } from "@/lib/access/display-actor";

type Event = { id: number; at: string; level: string; step: string | null; message: string };
const TERMINAL = ["succeeded", "failed", "cancelled"];
/** Still changing: the run is going, or its environment is being torn down (teardown steps log too). */
const isLive = (data: RunView | undefined) =>
  !data ||
  !TERMINAL.includes(data.status) ||
  ["destroying", "sleeping", "waking"].includes(data.environment?.status ?? "");

export function RunLive({ initial }: { initial: RunView }) {
  const client = useQueryClient();
  const id = initial.id;
  const run = useQuery({
    queryKey: ["run", id],
    queryFn: () => apiJson<RunView>(`/api/v1/runs/${id}`),
    initialData: initial,
    refetchInterval: (q) => (isLive(q.state.data) ? 1000 : false),
  });
  const events = useQuery({
    queryKey: ["run-events", id],
    queryFn: () => apiJson<{ items: Event[] }>(`/api/v1/runs/${id}/events`),
    refetchInterval: () => (isLive(run.data) ? 1000 : false),
  });
  // One last read of the log when the run (or its environment) changes state: polling stops at the end.
  const refetchEvents = events.refetch;
  const phase = `${run.data.status}/${run.data.environment?.status}`;
  useEffect(() => {
    void refetchEvents();
  }, [phase, refetchEvents]);
  const [comment, setComment] = useState("");
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) =>
      apiJson(`/api/v1/runs/${id}/${path}`, { method: "POST", body: JSON.stringify(body ?? {}) }),
    onSettled: () =>
      client
        .invalidateQueries({ queryKey: ["run", id] })
        .then(() => client.invalidateQueries({ queryKey: ["run-events", id] })),
  });
  const data = run.data;
  const env = data.environment;
  const provision = data.steps.filter((s) => s.phase === "provision");
  const teardown = data.steps.filter((s) => s.phase === "teardown");

  return (
    <div className="space-y-6">
      <PageHeader
        title={data.templateTitle}
        subtitle={`run ${data.id}`}
        badges={
          <>
            <Badge tone={STATUS_TONE[data.status]}>
              <span data-testid="run-status">{data.status.replace("_", " ")}</span>
            </Badge>
            {env && <Badge tone={STATUS_TONE[env.status]}>environment {env.status.replace("_", " ")}</Badge>}
            {env?.pullRequest && (
              <a
                className={linkClass}
                href={/^https?:\/\//i.test(env.pullRequest.url ?? "") ? env.pullRequest.url! : undefined}
                target="_blank"
                rel="noreferrer"
              >
                {env.pullRequest.repo}#{env.pullRequest.number}
              </a>
            )}
          </>
        }
        actions={
          <>
            {data.can.cancel && (
              <Button variant="danger" disabled={act.isPending} onClick={() => act.mutate({ path: "cancel" })}>
                Cancel run
              </Button>
            )}
            {env && data.can.changeEnvironment && (
              <SleepWakeButtons
                env={env}
                onChanged={() =>
                  void client
                    .invalidateQueries({ queryKey: ["run", id] })
                    .then(() => client.invalidateQueries({ queryKey: ["run-events", id] }))
                }
              />
            )}
            {data.can.retry && (
              <Button variant="primary" disabled={act.isPending} onClick={() => act.mutate({ path: "retry" })}>
                Retry from failed step
              </Button>
            )}
            <Link href="/my-environments" className={buttonClass("secondary")}>
              My environments
            </Link>
          </>
        }
      />
      {act.error && <Alert tone="error">{act.error.message}</Alert>}
      {data.error && (
        <Alert tone="error" title="The run failed">
          {data.error}
        </Alert>
      )}
      {env?.status === "ready" && env.url && (
        <Alert tone="success" title={`${env.name} is ready`}>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <a href={env.url} target="_blank" rel="noreferrer" className={buttonClass("primary")}>
              Open {env.name}
            </a>
            <span className="font-mono text-xs">{env.url}</span>
            <span>{timeLeft(env.expiresAt)}</span>
            {env.health && <HealthBadge health={env.health} />}
            <span data-testid="environment-usage">{usageText(env)}</span>
          </div>
        </Alert>
      )}
      {env && ["sleeping", "asleep", "waking"].includes(env.status) && (
        <Alert tone="info" title={`${env.name} is ${env.status}`}>
          Asleep, it runs nothing and keeps its data (checkout, database, volumes); waking starts it again on the same
          data. {usageText(env)}.{env.failureReason ? ` ${env.failureReason}` : ""}
        </Alert>
      )}
      {data.status === "awaiting_approval" && (
        <Alert tone="warning" title="Waiting for approval">
          {data.can.approve ? (
            <div className="mt-2 flex flex-wrap items-end gap-2">
              <label className="flex flex-col text-sm">
                Comment
                <input className={inputClass} value={comment} onChange={(e) => setComment(e.target.value)} />
              </label>
              <Button variant="primary" onClick={() => act.mutate({ path: "approve", body: { comment } })}>
                Approve
              </Button>
              <Button variant="danger" onClick={() => act.mutate({ path: "reject", body: { comment } })}>
                Reject
              </Button>
            </div>
          ) : (
            "An approver has to accept this request before it starts."
          )}
        </Alert>
      )}
      {data.approval.status !== "none" && data.approval.status !== "pending" && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {data.approval.status} by {data.approval.by ? displayActor(data.approval.by) : "—"}
          {data.approval.comment ? `: “${data.approval.comment}”` : ""}
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Steps" id="steps">
          <ol className="space-y-2">
            {[...provision, ...teardown].map((s) => (
              <li key={`${s.phase}-${s.id}`} className="flex items-start justify-between gap-2 text-sm">
                <div>
                  <p className="font-medium">
                    {s.phase === "teardown" && <span className="text-slate-500">teardown · </span>}
                    {s.name}
                  </p>
                  <p className="font-mono text-xs text-slate-500">{s.action}</p>
                  {s.error && <p className="text-xs text-red-700 dark:text-red-300">{s.error}</p>}
                </div>
                <Badge tone={STATUS_TONE[s.status]}>{s.status.replace("_", " ")}</Badge>
              </li>
            ))}
          </ol>
          <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
            {Object.entries(data.parameters).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-medium">{k}</dt>
                <dd className="font-mono">{String(v)}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Log" id="log">
          <ol
            aria-live="polite"
            className="max-h-96 overflow-auto rounded bg-slate-950 p-2 font-mono text-xs text-slate-100"
          >
            {(events.data?.items ?? []).map((e) => (
              <li
                key={e.id}
                className={e.level === "error" ? "text-red-300" : e.level === "warn" ? "text-amber-300" : undefined}
              >
                <span className="text-slate-500">{e.at.slice(11, 19)}</span>{" "}
                {e.step && <span className="text-sky-300">[{e.step}]</span>} {e.message}
              </li>
            ))}
          </ol>
        </Card>
      </div>
      {Array.isArray((data.outputs as { links?: unknown }).links) && (
        <Card title="Outputs" id="outputs">
          <ul className="text-sm">
            {((data.outputs as { links: { title: string; url: string }[] }).links ?? []).map((l) => (
              <li key={l.url}>
                <a className={linkClass} href={l.url} target="_blank" rel="noreferrer">
                  {l.title}
                </a>{" "}
                <span className="font-mono text-xs">{l.url}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
