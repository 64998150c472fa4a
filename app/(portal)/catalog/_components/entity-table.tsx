import { displayText } from "@/lib/catalog/display-text";
import Link from "next/link";
import type { EntityView } from "@/lib/catalog/queries";
import { Badge, Chips } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { entityHref, linkedRefs } from "@/components/catalog/entity-href";
import { EntityRefLink, type RefTitles } from "@/components/catalog/entity-ref-link";
import { LifecycleBadge } from "@/components/catalog/lifecycle-badge";

function RefCell({ entityRef, titles }: { entityRef: string | null; titles: RefTitles }) {
  if (!entityRef) return <span className="text-slate-400 dark:text-slate-500">—</span>;
  const found = titles.get(entityRef);
  return <EntityRefLink entityRef={entityRef} title={found?.title} inCatalog={Boolean(found)} />;
}

export function EntityTable({ items, titles }: { items: EntityView[]; titles: RefTitles }) {
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
        {items.map((entity) => {
          const { owner, system } = linkedRefs(entity);
          const title = displayText(entity.metadata.title);
          const description = displayText(entity.metadata.description);
          const type = typeof entity.spec?.type === "string" ? entity.spec.type : null;
          const lifecycle = typeof entity.spec?.lifecycle === "string" ? entity.spec.lifecycle : null;
          return (
            <tr key={entity.ref} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
              <Td className="min-w-48">
                <Link
                  href={entityHref(entity.ref)}
                  className="font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100"
                >
                  {title || entity.metadata.name}
                </Link>
                {title && (
                  <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{entity.metadata.name}</div>
                )}
                {description && (
                  <p className="mt-0.5 line-clamp-1 max-w-md text-xs text-slate-500 dark:text-slate-400">
                    {description}
                  </p>
                )}
              </Td>
              <Td>
                <Badge tone="brand">{entity.kind}</Badge>
              </Td>
              <Td>{type ?? <span className="text-slate-400 dark:text-slate-500">—</span>}</Td>
              <Td>
                <RefCell entityRef={owner} titles={titles} />
              </Td>
              <Td>
                <RefCell entityRef={system} titles={titles} />
              </Td>
              <Td>
                <LifecycleBadge lifecycle={lifecycle} />
              </Td>
              <Td>
                <Chips values={entity.metadata.tags ?? []} label={`Tags of ${entity.metadata.name}`} />
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
