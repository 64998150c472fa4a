import Link from "next/link";
import { entityHref } from "@/components/catalog/entity-href";
import { DEPLOYMENT_STATUSES } from "@/db/schema/delivery";
import { SERVICE_DELIVERY_TABS, type ServiceDeliveryTab } from "@/lib/delivery/schemas";
import type { ServiceDelivery as Delivery } from "@/lib/delivery/service-delivery";
import { DeploymentTable } from "./deployment-table";
import { EnvironmentCards } from "./environment-cards";
import { PreviewEnvironments } from "./preview-environments";
import { ReleaseList } from "./release-list";
import { DoraPanel } from "./dora-panel";
import type { AvailableAction, ReleaseRowAction } from "@/lib/release-actions/list-actions";
import type { TemplateActionOffer } from "@/lib/release-actions/template-actions";

type Promotions = ReleaseRowAction[];

const LABELS: Record<ServiceDeliveryTab, string> = {
  environments: "Environments",
  deployments: "Deployments",
  releases: "Releases",
  dora: "DORA",
};

const selectCls =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

/** The delivery half of a component's page: the tab the page read (lib/delivery/service-delivery.ts). */
export function ServiceDelivery({
  serviceRef,
  delivery,
  promotions = [],
  environmentActions = {},
  releaseActions = [],
  restarts = [],
}: {
  serviceRef: string;
  delivery: Delivery;
  /** Release rows offer these: promote that release (the reader may run them; lib/release-actions/list-actions.ts). */
  promotions?: Promotions;
  /** Action templates on release rows (target.version: the release's tag). */
  releaseActions?: TemplateActionOffer[];
  /** Action templates on each environment card, by environment name. */
  environmentActions?: Record<string, TemplateActionOffer[]>;
  /** Restart on running container previews. */
  restarts?: AvailableAction[];
}) {
  const tab = delivery.tab;
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
        {SERVICE_DELIVERY_TABS.map((t) => (
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
      {delivery.tab === "environments" && (
        <EnvironmentsTab delivery={delivery} actions={environmentActions} restarts={restarts} />
      )}
      {delivery.tab === "deployments" && <DeploymentsTab delivery={delivery} />}
      {delivery.tab === "releases" && (
        <ReleasesTab serviceRef={serviceRef} delivery={delivery} promotions={promotions} actions={releaseActions} />
      )}
      {delivery.tab === "dora" && <DoraTab delivery={delivery} base={base} />}
    </section>
  );
}

function EnvironmentsTab({
  delivery,
  actions,
  restarts,
}: {
  delivery: Extract<Delivery, { tab: "environments" }>;
  actions: Record<string, TemplateActionOffer[]>;
  restarts: AvailableAction[];
}) {
  return (
    <div className="space-y-4">
      <EnvironmentCards environments={delivery.environments} histories={delivery.histories} actions={actions} />
      <PreviewEnvironments previews={delivery.previews} restarts={restarts} />
    </div>
  );
}

function DeploymentsTab({ delivery }: { delivery: Extract<Delivery, { tab: "deployments" }> }) {
  const { items, nextCursor, filter } = delivery;
  const status = filter.status;
  return (
    <div className="space-y-3">
      <form className="flex flex-wrap items-end gap-3" aria-label="Filter deployments">
        <input type="hidden" name="tab" value="deployments" />
        <label className="text-xs text-slate-600 dark:text-slate-300">
          Environment
          <select name="env" defaultValue={filter.env ?? ""} className={`ml-2 ${selectCls}`}>
            <option value="">All</option>
            {delivery.environments.map((name) => (
              <option key={name}>{name}</option>
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
          href={`?tab=deployments&env=${encodeURIComponent(filter.env ?? "")}&status=${status ?? ""}&cursor=${nextCursor}`}
        >
          Older deployments
        </Link>
      )}
    </div>
  );
}

function ReleasesTab({
  serviceRef,
  delivery,
  promotions,
  actions,
}: {
  serviceRef: string;
  delivery: Extract<Delivery, { tab: "releases" }>;
  promotions: Promotions;
  actions: TemplateActionOffer[];
}) {
  return (
    <ReleaseList
      service={serviceRef}
      releases={delivery.releases}
      repo={delivery.repo}
      compare={delivery.compare}
      promotions={promotions}
      actions={actions}
    />
  );
}

function DoraTab({ delivery, base }: { delivery: Extract<Delivery, { tab: "dora" }>; base: string }) {
  const { days, figures } = delivery;
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
