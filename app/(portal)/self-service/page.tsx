import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { Alert } from "@/components/ui/alert";
import { Badge, Chips } from "@/components/ui/badge";
import { buttonClass, linkClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { can } from "@/lib/access/permissions";
import { listPendingApprovals, listTemplatesFor } from "@/lib/provisioning/queries";
import { getDb } from "@/lib/server/database";
import { displayActor } from "@/lib/access/display-actor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Self-service" };

export default async function SelfServicePage({ searchParams }: { searchParams: Promise<{ component?: string }> }) {
  const actor = await requireActor();
  const { component } = await searchParams;
  const db = await getDb();
  const { items, waiting, problems } = await listTemplatesFor(db, actor);
  const approvals = await listPendingApprovals(db, actor);
  const suffix = component ? `?component=${encodeURIComponent(component)}` : "";
  return (
    <div className="space-y-6">
      <PageHeader
        title="Self-service"
        description="Start a ready-made environment yourself: pick a template, fill in the form, watch it come up. It removes itself when its time runs out."
        actions={
          <Link href="/my-environments" className={buttonClass("secondary")}>
            My environments
          </Link>
        }
      />
      {!can(actor, "selfservice:use") && (
        <Alert tone="info">
          Your role ({actor.role}) may look around but not start environments; ask an admin for the developer role.
        </Alert>
      )}
      {approvals.length > 0 && (
        <Card title="Waiting for your approval" id="approvals">
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {approvals.map((a) => (
              <li key={a.id} className="flex items-center justify-between py-2 text-sm">
                <span>
                  {a.template} for <strong>{displayActor(a.requestedBy)}</strong> <RelativeTime value={a.createdAt} />
                </span>
                <Link className={linkClass} href={`/runs/${a.id}`}>
                  Review
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <section aria-labelledby="templates-heading">
        <h2 id="templates-heading" className="sr-only">
          Templates
        </h2>
        {items.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">No template is open to you yet.</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((t) => (
              <li
                key={t.name}
                className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
              >
                <h3 className="font-semibold text-slate-900 dark:text-slate-50">{t.title}</h3>
                {t.description && (
                  <p className="mt-1 flex-1 text-sm text-slate-600 dark:text-slate-300">{t.description}</p>
                )}
                <div className="mt-3 flex flex-wrap items-center gap-1.5">
                  <Badge tone="brand">
                    lives {t.ttl.default}, up to {t.ttl.max}
                  </Badge>
                  {t.approvalRequired && <Badge tone="amber">needs approval</Badge>}
                  <Chips values={t.tags} />
                </div>
                <Link
                  href={`/self-service/${t.name}${suffix}`}
                  className={`${buttonClass("primary")} mt-4 self-start`}
                  aria-label={`Use ${t.title}`}
                >
                  Use this template
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {waiting.length > 0 && (
        <Card title="Not offered yet" id="waiting-templates">
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {waiting.map((t) => (
              <li
                key={t.ref ?? t.name}
                data-testid="waiting-template"
                className="flex flex-wrap items-center justify-between gap-2 py-2"
              >
                <span>
                  <strong>{t.title}</strong> <code className="text-xs text-slate-500">{t.ref}</code>
                </span>
                <Badge tone={t.trust.state === "unpublished" ? "amber" : "red"} title={t.reason ?? undefined}>
                  {t.trust.state === "unpublished"
                    ? "waiting for an admin to publish it"
                    : "blocked by the template policy"}
                </Badge>
              </li>
            ))}
          </ul>
          {can(actor, "admin:templates") && (
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              Review and publish them under{" "}
              <Link className={linkClass} href="/admin/templates">
                Admin → Templates
              </Link>
              .
            </p>
          )}
        </Card>
      )}
      {problems.length > 0 && (
        <Card title="Broken templates (not offered)" id="template-problems">
          <ul className="space-y-2 text-sm">
            {problems.map((p, i) => (
              <li key={i}>
                <strong>{p.name ?? "(unnamed)"}</strong> in{" "}
                <code>{p.source.kind === "file" ? p.source.file : p.source.ref}</code>
                <ul className="ml-4 list-disc text-red-700 dark:text-red-300">
                  {p.problems.map((q, j) => (
                    <li key={j}>
                      <code>{q.field || "(document)"}</code>: {q.message}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
