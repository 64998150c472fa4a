import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { Health } from "@/lib/health/health-rollup";

const STATUS_TONE: Record<string, BadgeTone> = {
  success: "green",
  failure: "red",
  error: "red",
  in_progress: "brand",
  queued: "neutral",
  inactive: "neutral",
};
const HEALTH_TONE: Record<string, BadgeTone> = { healthy: "green", degraded: "amber", down: "red", unknown: "neutral" };
const HEALTH_ICON: Record<string, string> = { healthy: "●", degraded: "▲", down: "■", unknown: "?" };

export function DeploymentStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{status.replace("_", " ")}</Badge>;
}

/** Health as colour, shape and word (never colour alone); the reason on hover and for screen readers. */
export function HealthBadge({ health }: { health: Health }) {
  return (
    <span className="inline-flex items-center gap-1" title={health.reason}>
      <Badge tone={HEALTH_TONE[health.state]}>
        <span aria-hidden="true" className="mr-1">
          {HEALTH_ICON[health.state]}
        </span>
        {health.state}
      </Badge>
      <span className="sr-only">: {health.reason}</span>
    </span>
  );
}

/** "v1.4.0" when a release matches, else the ref and a short sha. */
export function VersionLabel({
  live,
}: {
  live: { tag: string | null; ref: string | null; sha: string | null; version: string | null };
}) {
  const main = live.tag ?? live.version ?? live.ref ?? live.sha?.slice(0, 7) ?? "unknown";
  const sha = live.sha && main !== live.sha.slice(0, 7) ? live.sha.slice(0, 7) : null;
  return (
    <span className="font-mono text-xs">
      {main}
      {sha && <span className="ml-1 text-slate-500 dark:text-slate-400">{sha}</span>}
    </span>
  );
}
