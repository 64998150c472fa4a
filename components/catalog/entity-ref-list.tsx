"use client";

import { EntityRefLink } from "./entity-ref-link";

export type RefListItem = { ref: string; title: string | null; inCatalog: boolean };

/**
 * A list of linked refs, each with its kind. A client component so the server sends the refs as data
 * (a team lists hundreds) instead of each item's markup in the page's payload; the HTML is the same.
 */
export function EntityRefList({ items }: { items: RefListItem[] }) {
  return (
    <ul className="space-y-1 text-sm">
      {items.map((item) => (
        <li key={item.ref}>
          <EntityRefLink entityRef={item.ref} title={item.title} inCatalog={item.inCatalog} showKind />
        </li>
      ))}
    </ul>
  );
}
