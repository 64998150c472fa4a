import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { mappingAdminView } from "@/lib/incidents/service-mappings";
import { getDb } from "@/lib/server/database";
import { IncidentStatusBadge, incidentSourceText } from "@/components/incidents/incident-badges";
import { inputClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { actionsColumn, DataTable, Td } from "@/components/ui/table";
import { addMapping, removeMapping, saveServiceLabels } from "./actions";
import { ActionForm } from "../_components/action-form";
import { MapLabelForm, ServiceField } from "./_components/map-label-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incident mapping" };

const field = "flex flex-col gap-1 text-xs";

export default async function IncidentMappingPage() {
  const actor = await requireActor("incidents:manage");
  const { rules, serviceLabels, unmatched, services } = await mappingAdminView(await getDb(), actor);
  return (
    <>
      <PageHeader
        title="Incident mapping"
        description="Which service an alert belongs to: your rules first (lower priority first), then the service label names below; what neither places is kept here, unmatched, for you to map."
      />
      <datalist id="catalog-services">
        {services.map((ref) => (
          <option key={ref} value={ref} />
        ))}
      </datalist>
      <div className="space-y-6">
        <Card title="Service label names" id="service-labels">
          <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
            When no rule matches, the first of these labels an alert carries names its service in the catalog.
          </p>
          <ActionForm action={saveServiceLabels} submit="Save" pending="Saving…" label="Service label names">
            <label className={field}>
              Label names, in order
              <input name="serviceLabels" defaultValue={serviceLabels.join(", ")} className={`${inputClass} w-80`} />
            </label>
          </ActionForm>
        </Card>
        <Card title="Rules" id="mapping-rules">
          <DataTable
            caption="Mapping rules, in the order they are tried"
            columns={[
              "Priority",
              "Label",
              "Match",
              "Value",
              "Service",
              "Environment",
              "Added",
              actionsColumn("Remove"),
            ]}
            items={rules}
            empty="No rules yet."
            row={(rule) => (
              <tr key={rule.id}>
                <Td>{rule.priority}</Td>
                <Td className="font-mono text-xs">{rule.labelName}</Td>
                <Td>{rule.match}</Td>
                <Td className="break-all font-mono text-xs">{rule.pattern}</Td>
                <Td className="font-mono text-xs">{rule.service}</Td>
                <Td>{rule.environment ?? "from the labels"}</Td>
                <Td className="whitespace-nowrap text-xs">
                  {rule.createdBy}, <RelativeTime value={rule.createdAt} />
                </Td>
                <Td>
                  <ActionForm
                    action={removeMapping}
                    submit="Remove"
                    pending="Removing…"
                    variant="danger"
                    label={`Remove the rule ${rule.labelName} ${rule.pattern}`}
                    fields={{ id: rule.id }}
                  />
                </Td>
              </tr>
            )}
          />
          <h3 className="mt-4 mb-2 text-sm font-medium">Add a rule</h3>
          <ActionForm action={addMapping} submit="Add rule" pending="Adding…" variant="primary" label="Add a rule">
            <label className={field}>
              Label name
              <input name="labelName" required placeholder="app" className={`${inputClass} w-36`} />
            </label>
            <label className={field}>
              Match
              <select name="match" defaultValue="exact" className={inputClass}>
                <option value="exact">exact</option>
                <option value="glob">glob (* ?)</option>
                <option value="regex">regex</option>
              </select>
            </label>
            <label className={field}>
              Value
              <input name="pattern" required placeholder="checkout-api" className={`${inputClass} w-40`} />
            </label>
            <ServiceField id="rule-service" />
            <label className={field}>
              Environment (optional)
              <input name="environment" placeholder="production" className={`${inputClass} w-32`} />
            </label>
            <label className={field}>
              Priority
              <input
                name="priority"
                type="number"
                min={0}
                max={10000}
                defaultValue={100}
                className={`${inputClass} w-20`}
              />
            </label>
          </ActionForm>
        </Card>
        <Card title="Unmatched incidents" id="unmatched-incidents">
          <DataTable
            caption="Incidents no service matched, newest first"
            columns={["Started", "Incident", "Status", "Map to a service"]}
            items={unmatched}
            empty="Every incident is on a service."
            row={(incident) => (
              <tr key={incident.id}>
                <Td className="whitespace-nowrap">
                  <RelativeTime value={incident.startedAt} />
                </Td>
                <Td>
                  <div className="font-medium">{incident.title}</div>
                  <div className="text-xs text-slate-600 dark:text-slate-400">
                    {incidentSourceText(incident.source)}
                    {incident.serviceLabel ? ` · named “${incident.serviceLabel}”` : " · no service label"}
                    {incident.environment ? ` · ${incident.environment}` : ""}
                  </div>
                </Td>
                <Td>
                  <IncidentStatusBadge status={incident.status} />
                </Td>
                <Td>
                  {incident.source === "pagerduty" ? (
                    <span className="text-xs text-slate-600 dark:text-slate-400">
                      Give the component the <code>pagerduty.com/service-id</code> annotation.
                    </span>
                  ) : (
                    <MapLabelForm id={incident.id} labels={incident.labels} />
                  )}
                </Td>
              </tr>
            )}
          />
        </Card>
      </div>
    </>
  );
}
