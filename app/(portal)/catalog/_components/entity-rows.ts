import { displayText } from "@/lib/catalog/display-text";
import type { EntityView } from "@/lib/catalog/queries";
import { entityColumns } from "@/lib/catalog/entity-columns";
import { linkedRef, type LinkedRef, type RefTitles } from "@/components/catalog/entity-ref-link";

/** What a row of the catalog table shows: a few fields of the entity, not the whole of it. */
export type EntityRow = {
  ref: string;
  name: string;
  title: string | undefined;
  description: string | undefined;
  kind: string;
  type: string | null;
  lifecycle: string | null;
  tags: string[];
  owner: LinkedRef | null;
  system: LinkedRef | null;
};

export function entityRows(items: EntityView[], titles: RefTitles): EntityRow[] {
  return items.map((entity) => {
    const { ownerRef: owner, systemRef: system } = entityColumns(entity);
    return {
      ref: entity.ref,
      name: entity.metadata.name,
      title: displayText(entity.metadata.title),
      description: displayText(entity.metadata.description),
      kind: entity.kind,
      type: typeof entity.spec?.type === "string" ? entity.spec.type : null,
      lifecycle: typeof entity.spec?.lifecycle === "string" ? entity.spec.lifecycle : null,
      tags: entity.metadata.tags ?? [],
      owner: owner ? linkedRef(owner, titles) : null,
      system: system ? linkedRef(system, titles) : null,
    };
  });
}
