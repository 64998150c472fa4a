import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { actionsColumn, DataTable, Td } from "@/components/ui/table";
import { listFailedDeliveries } from "@/lib/notifications/failed-deliveries";
import { getDb } from "@/lib/server/database";
import { ActionForm } from "../_components/action-form";
import { retryNow } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Failed notifications" };

export default async function FailedDeliveriesPage() {
  const actor = await requireActor("admin:notifications");
  const deliveries = await listFailedDeliveries(await getDb(), actor, { limit: 100 });
  return (
    <>
      <PageHeader
        title="Failed notifications"
        description="Deliveries to Slack-compatible and signed webhooks that failed (after every retry) or are failing and still being retried, newest first. Only a channel's host is shown: its URL is a secret."
      />
      <DataTable
        caption="Failed deliveries"
        columns={["When", "Event", "Channel", "Attempts", "Last error", "Status", actionsColumn()]}
        items={deliveries}
        empty="No failed deliveries."
        row={(d) => (
          <tr key={d.id} aria-label={`Delivery ${d.id}`}>
            <Td>
              <RelativeTime value={d.lastAttemptAt ?? d.createdAt} />
            </Td>
            <Td>
              <span className="font-medium">{d.event}</span>
              <span className="block text-xs text-slate-500 dark:text-slate-400">{d.title}</span>
            </Td>
            <Td>
              {d.channel.kind === "slack" ? "Slack" : "Webhook"} · {d.channel.host}
              <span className="block text-xs text-slate-500 dark:text-slate-400">{d.channel.owner}</span>
            </Td>
            <Td>{d.attempts}</Td>
            <Td className="max-w-xs break-words text-xs">{d.lastError}</Td>
            <Td>
              <Badge tone={d.status === "failed" ? "red" : "amber"}>
                {d.status === "failed" ? "failed" : "retrying"}
              </Badge>
            </Td>
            <Td>
              <ActionForm
                action={retryNow}
                fields={{ id: String(d.id) }}
                submit="Retry now"
                pending="Sending…"
                buttonLabel={`Retry delivery ${d.id}`}
              />
            </Td>
          </tr>
        )}
      />
    </>
  );
}
