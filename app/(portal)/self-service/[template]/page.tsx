import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/app/_lib/page-auth";
import { PageHeader } from "@/components/ui/page-header";
import { listEntities } from "@/lib/catalog/queries";
import { entityQuerySchema } from "@/lib/catalog/schemas";
import { listTemplatesFor } from "@/lib/provisioning/queries";
import { getDb } from "@/lib/server/database";
import { TemplateForm } from "@/components/self-service/template-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Start an environment" };

/** Entity pickers become a select of catalog entities of the wanted kind. */
async function withEntityChoices(
  db: Awaited<ReturnType<typeof getDb>>,
  schema: Record<string, unknown>,
  uiSchema: Record<string, unknown>,
) {
  const properties = { ...(schema.properties as Record<string, Record<string, unknown>>) };
  const ui: Record<string, Record<string, unknown>> = {};
  for (const [key, hints] of Object.entries(uiSchema as Record<string, Record<string, unknown>>)) {
    const { "ui:field": field, ...rest } = hints;
    ui[key] = rest;
    if (field !== "EntityPicker") continue;
    const kind = (
      (hints["ui:options"] as { catalogFilter?: { kind?: string } })?.catalogFilter?.kind ?? "Component"
    ).toLowerCase();
    const { items } = await listEntities(db, entityQuerySchema.parse({ kind, limit: 500 }));
    // oneOf with titles: people pick "Payment Gateway", the form sends the ref.
    properties[key] = {
      ...properties[key],
      oneOf: items.map((e) => ({ const: e.ref, title: e.metadata.title ?? e.metadata.name })),
    };
  }
  return { schema: { ...schema, properties }, uiSchema: ui };
}

export default async function TemplatePage({
  params,
  searchParams,
}: {
  params: Promise<{ template: string }>;
  searchParams: Promise<{ component?: string; branch?: string }>;
}) {
  const actor = await requireActor("selfservice:use");
  const { template: name } = await params;
  const prefill = await searchParams;
  const db = await getDb();
  const template = (await listTemplatesFor(db, actor)).items.find((t) => t.name === name);
  if (!template) notFound();
  const { schema, uiSchema } = await withEntityChoices(db, template.parameters, template.uiSchema);
  const initial: Record<string, unknown> = {};
  if (prefill.component && "component" in (template.parameters.properties ?? {}))
    initial.component = prefill.component.toLowerCase();
  if (prefill.branch) initial.branch = prefill.branch;
  return (
    <div className="max-w-2xl">
      <PageHeader title={template.title} subtitle={template.ref} description={template.description} />
      <TemplateForm template={template.name} schema={schema} uiSchema={uiSchema} initial={initial} />
    </div>
  );
}
