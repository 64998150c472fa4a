import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { uuid } from "@/lib/api/params";
import { getRunView } from "@/lib/provisioning/queries";
import { getDb } from "@/lib/server/database";
import { RunLive } from "./run-live";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const id = uuid("the run id").safeParse((await params).id);
  if (!id.success) notFound();
  // Reads once on the server (404/403 as usual), then the client polls.
  const run = await pageData(getRunView(await getDb(), actor, id.data));
  return <RunLive initial={run} />;
}
