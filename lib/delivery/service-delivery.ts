// What the delivery section of a service's page shows, one tab at a time: the page reads it here and
// hands it to components/delivery/service-delivery.tsx, which only renders.
import type { DbOrTx } from "@/db/client";
import { assertCan, type Actor } from "@/lib/access/permissions";
import type { DoraFigures } from "@/lib/dora/compute";
import { serviceDora } from "@/lib/dora/queries";
import type { KnownService } from "@/lib/catalog/service-ref";
import { healthHistories, type HealthHistory } from "@/lib/health/health-queries";
import { getComparison, type Comparison } from "./compare-releases";
import { previewsByService, type Preview } from "./previews";
import { listDeployments } from "./queries";
import { listReleases, type ReleaseView } from "./releases";
import type { DeploymentStatus } from "@/db/schema/delivery";
import type { ServiceDeliveryParams } from "./schemas";
import type { ServiceEnvironmentView } from "./service-environments";
import type { DeploymentView } from "./views";

export type ServiceDelivery =
  | {
      tab: "environments";
      environments: ServiceEnvironmentView[];
      /** One per environment, in the same order. */
      histories: HealthHistory[];
      previews: Preview[];
    }
  | {
      tab: "deployments";
      /** The service's environment names, for the filter. */
      environments: string[];
      filter: { env?: string; status?: DeploymentStatus };
      items: DeploymentView[];
      nextCursor: string | null;
    }
  | {
      tab: "releases";
      releases: ReleaseView[];
      repo: string | null;
      compare: { base: string; head: string; comparison: Comparison | null } | null;
    }
  | { tab: "dora"; days: 30 | 90; figures: DoraFigures };

/**
 * What the caller shares with its other panels (the entity page's action panel reads the same
 * environments), each asked for only by a tab that shows it.
 */
export type DeliveryReads = {
  /** The service with its repository (the releases tab). */
  service: () => Promise<KnownService>;
  environments: () => Promise<ServiceEnvironmentView[]>;
};

/** The chosen tab's data, from Postgres only. */
export async function readServiceDelivery(
  db: DbOrTx,
  actor: Actor,
  serviceRef: string,
  params: ServiceDeliveryParams,
  read: DeliveryReads,
): Promise<ServiceDelivery> {
  assertCan(actor, "catalog:read");
  switch (params.tab) {
    case "environments": {
      const [environments, previews] = await Promise.all([
        read.environments(),
        previewsByService(db, actor, [serviceRef]),
      ]);
      const histories = await healthHistories(
        db,
        serviceRef,
        environments.map((e) => e.name),
      );
      return { tab: "environments", environments, histories, previews: previews[serviceRef] ?? [] };
    }
    case "deployments": {
      const filter = { env: params.env, status: params.status };
      const [environments, page] = await Promise.all([
        read.environments(),
        listDeployments(db, {
          service: serviceRef,
          environment: filter.env,
          status: filter.status,
          limit: 50,
          cursor: params.cursor,
        }),
      ]);
      return { tab: "deployments", environments: environments.map((e) => e.name), filter, ...page };
    }
    case "releases": {
      const { items, repo } = await listReleases(db, { service: await read.service(), limit: 50 }, read.environments);
      const { base, head } = params;
      const comparison = repo && base && head ? await getComparison(db, repo, base, head) : null;
      return { tab: "releases", releases: items, repo, compare: base && head ? { base, head, comparison } : null };
    }
    case "dora":
      return { tab: "dora", days: params.days, figures: await serviceDora(db, serviceRef, params.days) };
  }
}
