import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { ComingSoon } from "@/components/ui/coming-soon";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Self-service" };

export default async function SelfServicePage() {
  await requireActor();
  return (
    <ComingSoon
      title="Self-service"
      summary="Start a ready-made environment yourself, without asking the ops team."
      planned={[
        "Templates written by the platform team: pick a service and a branch, fill a short form with sane defaults.",
        "A live view of the run, step by step, ending with a URL that works.",
        "Guardrails: who may use a template, how long an environment lives, quotas and approvals.",
        "Environments that remove themselves when their time runs out.",
      ]}
    />
  );
}
