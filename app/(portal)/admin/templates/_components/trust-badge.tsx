import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { TrustState } from "@/lib/provisioning/template-trust";

const LOOK: Record<TrustState, { tone: BadgeTone; label: string; title: string }> = {
  trusted: {
    tone: "green",
    label: "trusted (server files)",
    title: "From PORTOLAN_TEMPLATES_DIR: the platform team controls these files.",
  },
  published: { tone: "green", label: "published", title: "Runs in the version an admin published." },
  pending: {
    tone: "amber",
    label: "pending changes",
    title: "The published version runs; the catalog entity changed since.",
  },
  unpublished: { tone: "red", label: "waiting for an admin", title: "Not runnable until an admin publishes it." },
};

export function TrustBadge({ state }: { state: TrustState }) {
  const look = LOOK[state];
  return (
    <Badge tone={look.tone} title={look.title}>
      {look.label}
    </Badge>
  );
}
