import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { listAuditEntries } from "@/lib/audit/queries";
import { getDb } from "@/lib/server/database";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

const LIMIT = 200;

export default async function AuditPage() {
  const actor = await requireActor("admin:audit");
  const entries = await listAuditEntries(await getDb(), actor, LIMIT);
  return (
    <>
      <PageHeader title="Audit log" description={`Who changed what, newest first (the latest ${LIMIT} records).`} />
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Nothing recorded yet.</p>
      ) : (
        <Table caption="Audit log">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              <Th>Details</Th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap">
                  <RelativeTime value={e.at} />
                </Td>
                <Td className="font-mono text-xs">
                  {e.actor}
                  {e.ip && <div className="text-slate-500 dark:text-slate-400">from {e.ip}</div>}
                </Td>
                <Td className="font-mono text-xs">{e.action}</Td>
                <Td className="break-all font-mono text-xs">{e.target ?? "—"}</Td>
                <Td className="max-w-md break-all font-mono text-xs text-slate-600 dark:text-slate-400">
                  {Object.keys(e.details).length ? JSON.stringify(e.details) : "—"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
