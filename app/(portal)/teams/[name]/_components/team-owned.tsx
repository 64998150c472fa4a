"use client";

import Link from "next/link";
import type { OwnedEntity } from "@/lib/catalog/team-queries";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { linkClass } from "@/components/ui/button";
import { hrefForRef } from "@/components/catalog/entity-href";
import { LifecycleBadge } from "@/components/catalog/lifecycle-badge";

const PLURALS: Record<string, string> = {
  api: "APIs",
  component: "Components",
  system: "Systems",
  resource: "Resources",
  domain: "Domains",
  group: "Groups",
  user: "Users",
  template: "Templates",
  location: "Locations",
};

function plural(kind: string): string {
  return PLURALS[kind] ?? `${kind.charAt(0).toUpperCase()}${kind.slice(1)}s`;
}

/**
 * What the team owns, one table per kind (Components, APIs, …). A client component: a big team owns
 * hundreds of entities, and the page then sends their few fields rather than every row's markup.
 */
export function TeamOwned({ owned }: { owned: OwnedEntity[] }) {
  const byKind = new Map<string, OwnedEntity[]>();
  for (const e of owned) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
  return (
    <Card title={`Owns (${owned.length})`} id="owns">
      {owned.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Nothing in the catalog names this team as its owner (<code>spec.owner</code>).
        </p>
      ) : (
        <div className="space-y-4">
          {[...byKind.entries()].map(([kind, items]) => (
            <section key={kind} aria-labelledby={`owns-${kind}`}>
              <h3
                id={`owns-${kind}`}
                className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400"
              >
                {plural(kind)} ({items.length})
              </h3>
              <Table caption={`${plural(kind)} owned`}>
                <thead>
                  <tr>
                    <Th>Name</Th>
                    <Th>Type</Th>
                    <Th>Lifecycle</Th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((e) => (
                    <tr key={e.ref}>
                      <Td>
                        <Link href={hrefForRef(e.ref)} className={`${linkClass} font-medium`}>
                          {e.title || e.name}
                        </Link>
                        {e.description && (
                          <p className="line-clamp-1 text-xs text-slate-500 dark:text-slate-400">{e.description}</p>
                        )}
                      </Td>
                      <Td>{e.type ?? <span className="text-slate-400 dark:text-slate-500">—</span>}</Td>
                      <Td>
                        <LifecycleBadge lifecycle={e.lifecycle} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </section>
          ))}
        </div>
      )}
    </Card>
  );
}
