import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { ComingSoon } from "@/components/ui/coming-soon";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  await requireActor();
  return (
    <ComingSoon
      title="Environments"
      summary="Every environment each service runs in, and whether it is healthy."
      planned={[
        "Production, staging and preview environments per service, each with its URL and current version.",
        "Health from periodic probes and deployment statuses, with when it was last checked.",
        "For previews: who owns it and when it expires, with buttons to extend or destroy it.",
      ]}
    />
  );
}
