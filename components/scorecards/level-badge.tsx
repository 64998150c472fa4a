import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/button";
import { Td } from "@/components/ui/table";
import { hrefForRef } from "@/components/catalog/entity-href";

/** A scorecard level: none grey, the top level green, the ones between amber then violet. */
export function LevelBadge({ level, levels }: { level: string | null; levels: string[] }) {
  if (level === null) return <Badge title="No level reached yet">no level</Badge>;
  const rank = levels.indexOf(level);
  const tone: BadgeTone = rank === levels.length - 1 ? "green" : rank === 0 ? "amber" : "violet";
  return <Badge tone={tone}>{level}</Badge>;
}

export type RuleStatus = "passed" | "failed" | "unknown";

const STATUS: Record<RuleStatus, { mark: string; className: string; label: string }> = {
  passed: {
    mark: "✓",
    label: "passed",
    className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-200",
  },
  failed: { mark: "✗", label: "failed", className: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-200" },
  unknown: {
    mark: "?",
    label: "unknown",
    className: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  },
};

/** One rule's status as a small coloured mark; the message is its tooltip and screen-reader text. */
export function StatusMark({ status, message }: { status: RuleStatus; message?: string }) {
  const s = STATUS[status];
  return (
    <span
      title={message ? `${s.label}: ${message}` : s.label}
      className={`inline-flex h-6 w-6 items-center justify-center rounded text-xs font-semibold ${s.className}`}
    >
      <span aria-hidden>{s.mark}</span>
      <span className="sr-only">{s.label}</span>
    </span>
  );
}

/** A service's first three cells in a scorecard table: its link, its level and its score. */
export function ServiceScoreCells({
  entityRef,
  title,
  level,
  levels,
  score,
}: {
  entityRef: string;
  title: string | null | undefined;
  level: string | null;
  levels: string[];
  score: number;
}) {
  return (
    <>
      <Td>
        <Link href={hrefForRef(entityRef)} className={linkClass}>
          {title ?? entityRef}
        </Link>
      </Td>
      <Td>
        <LevelBadge level={level} levels={levels} />
      </Td>
      <Td>{Math.round(score * 100)}%</Td>
    </>
  );
}
