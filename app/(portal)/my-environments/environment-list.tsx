"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { apiJson, STATUS_TONE, timeLeft, usageText } from "@/components/self-service/api";
import { SleepWakeButtons } from "@/components/self-service/sleep-wake-buttons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass, linkClass } from "@/components/ui/button";
import { HealthBadge } from "@/components/delivery/badges";
import type { SelfServiceEnvironmentView } from "@/lib/provisioning/queries";

/** Only web links are rendered as links (a stored URL is data from GitHub). */
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);
const SETTLING = ["requested", "provisioning", "sleeping", "waking", "destroying", "awaiting_approval"];

export function EnvironmentList({ initial }: { initial: SelfServiceEnvironmentView[] }) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ["my-environments"],
    queryFn: async () => (await apiJson<{ items: SelfServiceEnvironmentView[] }>("/api/v1/environments")).items,
    initialData: initial,
    refetchInterval: (q) => ((q.state.data ?? []).some((e) => SETTLING.includes(e.status)) ? 1000 : 15_000),
  });
  const change = useMutation({
    mutationFn: ({ id, action }: { id: string; action: "extend" | "destroy" }) =>
      action === "extend"
        ? apiJson(`/api/v1/environments/${id}/extend`, { method: "POST", body: "{}" })
        : apiJson(`/api/v1/environments/${id}`, { method: "DELETE" }),
    onSettled: () => client.invalidateQueries({ queryKey: ["my-environments"] }),
  });
  const items = list.data ?? [];
  if (!items.length)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        You have no environments. Start one from Self-service.
      </p>
    );
  return (
    <>
      {change.error && <Alert tone="error">{change.error.message}</Alert>}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {items.map((e) => (
          <li key={e.id} aria-label={e.name} className="flex flex-wrap items-center justify-between gap-3 p-4">
            <div className="min-w-0 space-y-1">
              <p className="flex items-center gap-2 font-medium">
                {e.name}
                <Badge tone={STATUS_TONE[e.status]}>
                  <span data-testid="environment-status">{e.status.replace("_", " ")}</span>
                </Badge>
                {e.health && (
                  <span data-testid="environment-health">
                    <HealthBadge health={e.health} />
                  </span>
                )}
              </p>
              <p className="text-xs text-slate-500 dark:text-slate-400">
                {e.template} · {e.component ?? "no service"} · {e.branch ?? ""} ·{" "}
                <Link className={linkClass} href={`/runs/${e.runId}`}>
                  run
                </Link>
                {e.pullRequest && (
                  <>
                    {" · "}
                    <a
                      className={linkClass}
                      href={safeUrl(e.pullRequest.url) ?? undefined}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {e.pullRequest.repo}#{e.pullRequest.number}
                    </a>
                  </>
                )}
              </p>
              {e.url && (
                <a className={linkClass} href={e.url} target="_blank" rel="noreferrer">
                  {e.url}
                </a>
              )}
              <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="environment-usage">
                {usageText(e)}
              </p>
              {e.failureReason && <p className="text-xs text-red-700 dark:text-red-300">{e.failureReason}</p>}
            </div>
            <div className="flex items-center gap-2 text-sm">
              {e.status !== "destroyed" && (
                <span data-testid="time-left" title={e.expiresAt}>
                  {timeLeft(e.expiresAt)}
                </span>
              )}
              {e.url && (
                <a
                  className={buttonClass("secondary")}
                  href={e.url}
                  target="_blank"
                  rel="noreferrer"
                  aria-label={`Open ${e.name}`}
                >
                  Open
                </a>
              )}
              <SleepWakeButtons
                env={e}
                onChanged={() => void client.invalidateQueries({ queryKey: ["my-environments"] })}
              />
              <Button
                disabled={!e.canExtend || change.isPending}
                onClick={() => change.mutate({ id: e.id, action: "extend" })}
                aria-label={`Extend ${e.name}`}
              >
                Extend
              </Button>
              <Button
                variant="danger"
                disabled={e.status === "destroying" || change.isPending}
                onClick={() => change.mutate({ id: e.id, action: "destroy" })}
                aria-label={`Destroy ${e.name}`}
              >
                Destroy
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
