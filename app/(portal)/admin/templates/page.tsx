import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { Alert } from "@/components/ui/alert";
import { Badge, Chips } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { reviewTemplates, type TemplateReview } from "@/lib/provisioning/template-review";
import type { TemplateProblem } from "@/lib/provisioning/template-schema";
import { getDb } from "@/lib/server/database";
import { PublishButton, WithdrawButton } from "./_components/publish-buttons";
import { TemplateDiffView } from "./_components/template-diff-view";
import { TrustBadge } from "./_components/trust-badge";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Templates · Admin" };

function Problems({ items }: { items: TemplateProblem[] }) {
  return (
    <ul className="ml-4 list-disc text-sm text-red-700 dark:text-red-300">
      {items.map((p, i) => (
        <li key={i}>
          <code>{p.field || "(document)"}</code>: {p.message}
        </li>
      ))}
    </ul>
  );
}

function Uses({ uses }: { uses: { actions: string[]; secrets: string[] } }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
      <span>Actions</span>
      <Chips values={uses.actions} label="Actions" />
      <span>Secrets</span>
      {uses.secrets.length ? <Chips values={uses.secrets} label="Secrets" /> : <span>none</span>}
    </div>
  );
}

function TemplateEntry({ t }: { t: TemplateReview }) {
  const key = t.name ?? (t.source.kind === "file" ? t.source.file : t.source.ref);
  const publishName = t.source.kind === "catalog" ? t.source.ref : (t.name ?? "");
  return (
    <li
      data-testid="template-review"
      data-template={t.name ?? ""}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold text-slate-900 dark:text-slate-50">{t.title ?? key}</h2>
        <code className="text-xs text-slate-500">{t.name}</code>
        <TrustBadge state={t.trust.state} />
        {t.problems.length > 0 && <Badge tone="red">broken</Badge>}
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {t.source.kind === "file" ? (
          <>
            File <code>{t.source.file}</code> in PORTOLAN_TEMPLATES_DIR
          </>
        ) : (
          <>
            Catalog <code>{t.source.ref}</code>
            {t.location && <> from {t.location}</>}
          </>
        )}
        {t.trust.publishedBy && t.trust.publishedAt && (
          <>
            {" "}
            · published by {t.trust.publishedBy} <RelativeTime value={t.trust.publishedAt} /> (
            <code>{t.trust.publishedHash?.slice(0, 12)}</code>)
          </>
        )}
      </p>
      {t.uses && <Uses uses={t.uses} />}
      {t.blocked && t.blocked !== "broken" && <Alert tone="warning">{t.blocked}</Alert>}
      {t.problems.length > 0 && <Problems items={t.problems} />}
      {t.current && (
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-slate-800 dark:text-slate-200">
            {t.trust.state === "pending"
              ? "Pending changes (not running yet)"
              : "The template as imported (nothing of it runs yet)"}
          </h3>
          {t.current.uses && <Uses uses={t.current.uses} />}
          {(t.current.problems.length > 0 || t.current.policyProblems.length > 0) && (
            <div>
              <p className="text-sm text-slate-700 dark:text-slate-300">Publishing is refused:</p>
              <Problems items={[...t.current.problems, ...t.current.policyProblems]} />
            </div>
          )}
          <TemplateDiffView lines={t.current.diff} label={`Changes to ${key}`} />
        </div>
      )}
      {(t.canPublish || t.canWithdraw) && (
        <div className="flex flex-wrap items-start gap-3">
          {t.canPublish && t.current && (
            <PublishButton name={publishName} hash={t.current.hash} isUpdate={t.trust.state === "pending"} />
          )}
          {t.canWithdraw && <WithdrawButton name={publishName} />}
        </div>
      )}
    </li>
  );
}

export default async function AdminTemplatesPage() {
  const actor = await requireActor("admin:templates");
  const { items, policy } = await reviewTemplates(await getDb(), actor);
  const order = { unpublished: 0, pending: 1, published: 2, trusted: 3 };
  const sorted = [...items].sort(
    (a, b) => order[a.trust.state] - order[b.trust.state] || String(a.name).localeCompare(String(b.name)),
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title="Templates"
        description="Templates in the server's templates directory are trusted. Templates from the catalog (imported, or found in a GitHub repository) run only in the version an admin published here; a later change waits as pending changes until it is published too."
      />
      <Card title="Catalog template policy" id="policy">
        <dl className="grid gap-2 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-slate-600 dark:text-slate-400">Actions they may use</dt>
          <dd>
            <Chips values={policy.actions} label="Allowed actions" />{" "}
            <span className="text-xs text-slate-500">PORTOLAN_CATALOG_TEMPLATE_ACTIONS</span>
          </dd>
          <dt className="text-slate-600 dark:text-slate-400">Secrets they may read</dt>
          <dd>
            {policy.secrets.length ? <Chips values={policy.secrets} label="Allowed secrets" /> : "none"}{" "}
            <span className="text-xs text-slate-500">PORTOLAN_CATALOG_TEMPLATE_SECRETS</span>
          </dd>
        </dl>
      </Card>
      {sorted.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">No templates yet.</p>
      ) : (
        <ul className="space-y-4">
          {sorted.map((t) => (
            <TemplateEntry key={`${t.source.kind === "file" ? t.source.file : t.source.ref}:${t.name}`} t={t} />
          ))}
        </ul>
      )}
    </div>
  );
}
