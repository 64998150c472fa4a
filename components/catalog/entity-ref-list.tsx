"use client";

import { EntityRefLink, type LinkedRef } from "./entity-ref-link";

/**
 * A list of linked refs, each with its kind. A client component so the server sends the refs as data
 * (a team lists hundreds) instead of each item's markup in the page's payload; the HTML is the same.
 */
export function EntityRefList({ items }: { items: LinkedRef[] }) {
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
