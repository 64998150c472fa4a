import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { linkClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { getEnvironmentView } from "@/lib/provisioning/queries";
import { getDb } from "@/lib/server/database";
import { ExtendButton } from "./extend-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Extend environment" };

// The page the "expires in 30 minutes" notice links to. Opening it changes nothing (link previews
// and prefetches open links too); the one button extends by the template's TTL.
export default async function ExtendEnvironmentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const env = await pageData(getEnvironmentView(await getDb(), actor, id));
  return (
    <div className="space-y-6">
      <PageHeader title={`Extend ${env.name}`} description="Keep this environment for longer." />
      <Card title={env.name} id="extend">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
          {env.status === "destroyed" ? (
            "It was destroyed already."
          ) : (
            <>
              It expires <RelativeTime value={env.expiresAt} /> ({env.status}).
            </>
          )}
        </p>
        <ExtendButton id={env.id} name={env.name} disabled={!env.canExtend} />
        {!env.canExtend && env.status !== "destroyed" && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
            It cannot be extended any further (its template&apos;s maximum lifetime, or its state).
          </p>
        )}
        <p className="mt-4 text-sm">
          <Link className={linkClass} href="/my-environments">
            All my environments
          </Link>
        </p>
      </Card>
    </div>
  );
}
