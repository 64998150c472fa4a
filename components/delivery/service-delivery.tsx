import Link from "next/link";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { entityHref } from "@/components/catalog/entity-href";
import { listServiceEnvironments } from "@/lib/delivery/service-environments";
import { previewsByService } from "@/lib/delivery/previews";
import { listDeployments } from "@/lib/delivery/queries";
import { listReleases } from "@/lib/delivery/releases";
import { getComparison } from "@/lib/delivery/compare-releases";
import { DEPLOYMENT_STATUSES } from "@/db/schema/delivery";
import { healthHistory } from "@/lib/health/health-queries";
import { serviceDora } from "@/lib/dora/queries";
import { DeploymentTable } from "./deployment-table";
import { EnvironmentCards } from "./environment-cards";
import { PreviewEnvironments } from "./preview-environments";
import { ReleaseList } from "./release-list";
import { DoraPanel } from "./dora-panel";

export const DELIVERY_TABS = ["environments", "deployments", "releases", "dora"] as const;
type Tab = (typeof DELIVERY_TABS)[number];
const LABELS: Record<Tab, string> = {
  environments: "Environments",
  deployments: "Deployments",
  releases: "Releases",
  dora: "DORA",
};
export type DeliveryParams = {
  tab?: string;
  env?: string;
  status?: string;
  base?: string;
  head?: string;
  days?: string;
  cursor?: string;
};

const one = (v: string | undefined) => (v && v.length <= 255 ? v : undefined);
const selectCls =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

/** The delivery half of a component's page: tabs rendered on the server from Postgres only. */
export async function ServiceDelivery({
  db,
  actor,
  serviceRef,
  params,
}: {
  db: Db;
  actor: Actor;
  serviceRef: string;
  params: DeliveryParams;
}) {
  const tab: Tab = (DELIVERY_TABS as readonly string[]).includes(params.tab ?? "")
    ? (params.tab as Tab)
    : "environments";
  const base = entityHref(serviceRef);
  return (
    <section
      aria-labelledby="delivery-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="delivery-heading" className="mb-3 text-sm font-semibold text-slate-900 dark:text-slate-100">
        Delivery
      </h2>
      <nav aria-label="Delivery views" className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {DELIVERY_TABS.map((t) => (
          <Link
            key={t}
            href={`${base}?tab=${t}#delivery-heading`}
            aria-current={t === tab ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${t === tab ? "border-brand-600 font-medium text-brand-700 dark:text-brand-100" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"}`}
          >
            {LABELS[t]}
          </Link>
        ))}
      </nav>
      {tab === "environments" && <EnvironmentsTab db={db} actor={actor} serviceRef={serviceRef} />}
      {tab === "deployments" && <DeploymentsTab db={db} serviceRef={serviceRef} params={params} />}
      {tab === "releases" && <ReleasesTab db={db} serviceRef={serviceRef} params={params} />}
      {tab === "dora" && <DoraTab db={db} serviceRef={serviceRef} days={params.days === "90" ? 90 : 30} base={base} />}
    </section>
  );
}

async function EnvironmentsTab({ db, actor, serviceRef }: { db: Db; actor: Actor; serviceRef: string }) {
  const [envs, previews] = await Promise.all([
    listServiceEnvironments(db, serviceRef),
    previewsByService(db, actor, [serviceRef]),
  ]);
  const histories = await Promise.all(envs.map((e) => healthHistory(db, serviceRef, e.name)));
  return (
    <div className="space-y-4">
      <EnvironmentCards environments={envs} histories={histories} />
      <PreviewEnvironments previews={previews[serviceRef] ?? []} />
    </div>
  );
}

async function DeploymentsTab({ db, serviceRef, params }: { db: Db; serviceRef: string; params: DeliveryParams }) {
  const status = (DEPLOYMENT_STATUSES as readonly string[]).includes(params.status ?? "")
    ? (params.status as (typeof DEPLOYMENT_STATUSES)[number])
    : undefined;
  const envs = await listServiceEnvironments(db, serviceRef);
  const { items, nextCursor } = await listDeployments(db, {
    service: serviceRef,
    environment: one(params.env),
    status,
    limit: 50,
    cursor: one(params.cursor),
  });
  return (
    <div className="space-y-3">
      <form className="flex flex-wrap items-end gap-3" aria-label="Filter deployments">
        <input type="hidden" name="tab" value="deployments" />
        <label className="text-xs text-slate-600 dark:text-slate-300">
          Environment
          <select name="env" defaultValue={params.env ?? ""} className={`ml-2 ${selectCls}`}>
            <option value="">All</option>
            {envs.map((e) => (
              <option key={e.name}>{e.name}</option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-600 dark:text-slate-300">
          Status
          <select name="status" defaultValue={status ?? ""} className={`ml-2 ${selectCls}`}>
            <option value="">All</option>
            {DEPLOYMENT_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700 dark:text-slate-100"
        >
          Filter
        </button>
      </form>
      <DeploymentTable items={items} caption="Deployments of this service, newest first" />
      {nextCursor && (
        <Link
          className="text-sm text-brand-700 hover:underline dark:text-brand-100"
          href={`?tab=deployments&env=${encodeURIComponent(params.env ?? "")}&status=${status ?? ""}&cursor=${nextCursor}`}
        >
          Older deployments
        </Link>
      )}
    </div>
  );
}

async function ReleasesTab({ db, serviceRef, params }: { db: Db; serviceRef: string; params: DeliveryParams }) {
  const { items, repo } = await listReleases(db, { service: serviceRef, limit: 50 });
  const base = one(params.base);
  const head = one(params.head);
  const comparison = repo && base && head ? await getComparison(db, repo, base, head) : null;
  return (
    <ReleaseList
      service={serviceRef}
      releases={items}
      repo={repo}
      compare={base && head ? { base, head, comparison } : null}
    />
  );
}

async function DoraTab({ db, serviceRef, days, base }: { db: Db; serviceRef: string; days: 30 | 90; base: string }) {
  const figures = await serviceDora(db, serviceRef, days);
  return (
    <div className="space-y-3">
      <p className="flex gap-3 text-sm">
        {[30, 90].map((d) => (
          <Link
            key={d}
            href={`${base}?tab=dora&days=${d}#delivery-heading`}
            aria-current={d === days ? "page" : undefined}
            className={d === days ? "font-semibold" : "text-brand-700 hover:underline dark:text-brand-100"}
          >
            Last {d} days
          </Link>
        ))}
      </p>
      <DoraPanel figures={figures} idPrefix="service-dora" />
    </div>
  );
}
