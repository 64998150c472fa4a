"use client";

import Link from "next/link";
import { Badge, Chips } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { entityHref } from "@/components/catalog/entity-href";
import { EntityRefLink } from "@/components/catalog/entity-ref-link";
import { LifecycleBadge } from "@/components/catalog/lifecycle-badge";
import type { EntityRow } from "./entity-rows";

function RefCell({ entityRef }: { entityRef: EntityRow["owner"] }) {
  if (!entityRef) return <span className="text-slate-400 dark:text-slate-500">—</span>;
  return <EntityRefLink entityRef={entityRef.ref} title={entityRef.title} inCatalog={entityRef.inCatalog} />;
}

// A client component so the page sends each row's few fields (entityRows) rather than its markup.
export function EntityTable({ rows }: { rows: EntityRow[] }) {
  return (
    <Table caption="Catalog entities">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Kind</Th>
          <Th>Type</Th>
          <Th>Owner</Th>
          <Th>System</Th>
          <Th>Lifecycle</Th>
          <Th>Tags</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.ref} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
            <Td className="min-w-48">
              <Link
                href={entityHref(row.ref)}
                className="font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100"
              >
                {row.title || row.name}
              </Link>
              {row.title && <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{row.name}</div>}
              {row.description && (
                <p className="mt-0.5 line-clamp-1 max-w-md text-xs text-slate-500 dark:text-slate-400">
                  {row.description}
                </p>
              )}
            </Td>
            <Td>
              <Badge tone="brand">{row.kind}</Badge>
            </Td>
            <Td>{row.type ?? <span className="text-slate-400 dark:text-slate-500">—</span>}</Td>
            <Td>
              <RefCell entityRef={row.owner} />
            </Td>
            <Td>
              <RefCell entityRef={row.system} />
            </Td>
            <Td>
              <LifecycleBadge lifecycle={row.lifecycle} />
            </Td>
            <Td>
              <Chips values={row.tags} label={`Tags of ${row.name}`} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
