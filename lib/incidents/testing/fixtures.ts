// What the incident suites share: a small catalog (checkout carries a PagerDuty service id) and
// Alertmanager notifications built the way Alertmanager builds them.
import type { Db } from "@/db/client";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { alertmanagerPayload } from "../schemas";

const INCIDENT_CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  annotations: { pagerduty.com/service-id: PXK4Q2Z }
spec: { type: service, lifecycle: production, owner: team-orbit }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger }
spec: { type: service, lifecycle: production, owner: team-orbit }
`;

/** Registers checkout and ledger (team-orbit) in a test database. */
export async function importIncidentCatalog(db: Db) {
  await importDescriptors(
    db,
    { kind: "system", name: "test", role: "admin" },
    {
      location: { id: "test", type: "api", target: "test" },
      text: INCIDENT_CATALOG,
      source: "c.yaml",
    },
  );
}

export type TestAlert = {
  fp: string;
  status: "firing" | "resolved";
  labels: Record<string, string>;
  startsAt: string;
  endsAt?: string;
};

/** An Alertmanager v4 notification of the group `alertname` (Go zero time while firing). */
export function notification(status: "firing" | "resolved", alerts: TestAlert[], alertname = "HighErrorRate") {
  return alertmanagerPayload.parse({
    receiver: "portolan",
    status,
    alerts: alerts.map((a) => ({
      status: a.status,
      labels: { alertname, ...a.labels },
      annotations: { summary: "5xx above 5%" },
      startsAt: a.startsAt,
      endsAt: a.endsAt ?? "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.example:9090/graph?g0.expr=x",
      fingerprint: a.fp,
    })),
    groupLabels: { alertname },
    commonLabels: { alertname },
    commonAnnotations: { summary: "5xx above 5%" },
    externalURL: "http://alertmanager.example:9093",
    version: "4",
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
  });
}
