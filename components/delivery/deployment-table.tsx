import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/relative-time";
import { entityHref } from "@/components/catalog/entity-href";
import type { DeploymentView } from "@/lib/delivery/views";
import { DeploymentStatusBadge } from "./badges";

const linkCls = "text-brand-700 hover:underline dark:text-brand-100";

export function DeploymentTable({
  items,
  caption,
  showService = false,
}: {
  items: DeploymentView[];
  caption: string;
  showService?: boolean;
}) {
  if (items.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">No deployments match.</p>;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>When</Th>
          {showService && <Th>Service</Th>}
          <Th>Environment</Th>
          <Th>Version</Th>
          <Th>Status</Th>
          <Th>By</Th>
          <Th>Source</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <Td>
              <RelativeTime value={d.startedAt} />
            </Td>
            {showService && (
              <Td>
                <Link href={`${entityHref(d.service)}?tab=deployments`} className={linkCls}>
                  {d.service.replace(/^component:default\//, "")}
                </Link>
              </Td>
            )}
            <Td>{d.environment}</Td>
            <Td>
              <span className="font-mono text-xs">{d.version ?? d.ref ?? "—"}</span>
              {d.sha && (
                <span className="ml-1 font-mono text-xs text-slate-500 dark:text-slate-400">{d.sha.slice(0, 7)}</span>
              )}
            </Td>
            <Td>
              <DeploymentStatusBadge status={d.status} />
            </Td>
            <Td>{d.deployedBy ?? "—"}</Td>
            <Td>
              {d.logUrl ? (
                <a href={d.logUrl} className={linkCls} target="_blank" rel="noopener noreferrer">
                  {d.source} log<span className="sr-only"> (opens in a new tab)</span>
                </a>
              ) : (
                d.source
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
