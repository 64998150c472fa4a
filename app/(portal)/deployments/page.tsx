import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { ComingSoon } from "@/components/ui/coming-soon";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Deployments" };

export default async function DeploymentsPage() {
  await requireActor();
  return (
    <ComingSoon
      title="Deployments"
      summary="Release history for every service: who shipped what, where, when, and how it went."
      planned={[
        "A timeline of deployments per service and environment, fed by GitHub Deployments and the REST API (any CI can report one).",
        "Releases with their notes, rendered safely, and the commits between any two releases.",
        "Which release is live in production, staging and each preview environment.",
        "DORA figures (deployment frequency, lead time, change failure rate, time to restore) derived from that history.",
      ]}
    />
  );
}
