import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { getDb } from "@/lib/server/database";
import { listDeployments } from "@/lib/delivery/queries";
import { deploymentsQuery } from "@/lib/delivery/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { DeploymentTable } from "@/components/delivery/deployment-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Deployments" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

export default async function DeploymentsPage({ searchParams }: Props) {
  await requireActor();
  const parsed = deploymentsQuery.safeParse({ ...(await searchParams), limit: 50 });
  const query = parsed.success ? parsed.data : { limit: 50 };
  const { items, nextCursor } = await pageData(listDeployments(await getDb(), query));
  const next = new URLSearchParams(
    Object.entries({ ...query, cursor: nextCursor ?? "" }).filter(([k, v]) => k !== "limit" && v) as [string, string][],
  );
  return (
    <article>
      <PageHeader
        title="Deployments"
        description="Every deployment from GitHub and from any CI (POST /api/v1/deployments), newest first."
      />
      <DeploymentTable items={items} caption="All deployments, newest first" showService />
      {nextCursor && (
        <Link
          href={`/deployments?${next}`}
          className="mt-3 inline-block text-sm text-brand-700 hover:underline dark:text-brand-100"
        >
          Older deployments
        </Link>
      )}
    </article>
  );
}
