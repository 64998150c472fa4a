import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = {
  production: "green",
  experimental: "amber",
  deprecated: "red",
};

export function LifecycleBadge({ lifecycle }: { lifecycle: string | null | undefined }) {
  if (!lifecycle) return <span className="text-slate-400 dark:text-slate-500">—</span>;
  return <Badge tone={TONES[lifecycle.toLowerCase()] ?? "neutral"}>{lifecycle}</Badge>;
}
