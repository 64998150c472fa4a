import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { getRunView } from "@/lib/provisioning/queries";
import { getDb } from "@/lib/runtime/database";
import { RunLive } from "./run-live";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  // Reads once on the server (404/403 as usual), then the client polls.
  const run = await getRunView(await getDb(), actor, id);
  return <RunLive initial={run} />;
}
