import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { actionsColumn, DataTable, Td } from "@/components/ui/table";
import { listFreezes } from "@/lib/release-actions/freezes";
import type { FreezeView } from "@/lib/release-actions/responses";
import { getDb } from "@/lib/server/database";
import { ActionForm } from "../_components/action-form";
import { FreezeForm } from "./_components/freeze-form";
import { removeFreeze } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Freeze windows" };

const local = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

function when(f: FreezeView): string {
  const r = f.repeat;
  if (!r) return `${local(f.startsAt, f.timeZone)} – ${local(f.endsAt, f.timeZone)}`;
  const span =
    r.every === "day"
      ? `every day ${r.start.time} – ${r.end.time}`
      : `every ${r.start.day} ${r.start.time} – ${r.end.day} ${r.end.time}`;
  return f.endsAt.startsWith("9999") ? span : `${span}, until ${local(f.endsAt, f.timeZone)}`;
}

export default async function FreezesPage() {
  await requireActor("admin:freezes");
  const freezes = await listFreezes(await getDb());
  return (
    <>
      <PageHeader
        title="Freeze windows"
        description="No deploys to an environment while a window holds: release actions are refused with its reason (an admin may override with a reason, audited). Times are local to each window's zone, across daylight saving."
      />
      <div className="space-y-6">
        <Card title="Set a freeze window" id="set-freeze">
          <FreezeForm defaultZone="UTC" />
        </Card>
        <DataTable
          caption="Freeze windows"
          columns={["Environment", "Service", "When", "Next or now", "Reason", actionsColumn()]}
          items={freezes}
          empty="No freeze windows."
          row={(f) => (
            <tr key={f.id} aria-label={`Freeze ${f.reason}`}>
              <Td>{f.environment === "*" ? "every environment" : f.environment}</Td>
              <Td>{f.service ?? "every service"}</Td>
              <Td>
                {when(f)} <span className="text-xs text-slate-500 dark:text-slate-400">{f.timeZone}</span>
              </Td>
              <Td className="text-xs">
                {f.next ? `${local(f.next.startsAt, f.timeZone)} – ${local(f.next.endsAt, f.timeZone)}` : "—"}
              </Td>
              <Td>{f.reason}</Td>
              <Td>
                <ActionForm
                  action={removeFreeze}
                  fields={{ id: f.id }}
                  submit="Remove"
                  pending="Removing…"
                  buttonLabel={`Remove freeze ${f.reason}`}
                  variant="danger"
                />
              </Td>
            </tr>
          )}
        />
      </div>
    </>
  );
}
