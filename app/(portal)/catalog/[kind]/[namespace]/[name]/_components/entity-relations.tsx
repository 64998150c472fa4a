import { Card } from "@/components/ui/card";
import { EntityRefLink, type RefTitles } from "@/components/catalog/entity-ref-link";
import { groupRelations, relationLabel } from "@/components/catalog/relation-labels";

/** Every relation, one section per type (h2 "Depends on", "Owned by", …), each target linked. */
export function EntityRelations({
  relations,
  titles,
}: {
  relations: { type: string; targetRef: string }[];
  titles: RefTitles;
}) {
  const groups = groupRelations(relations);
  if (groups.length === 0) {
    return (
      <p className="text-sm text-slate-500 dark:text-slate-400">This entity has no relations to other entities yet.</p>
    );
  }
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {groups.map(([type, targets]) => (
        <Card key={type} title={relationLabel(type)} id={`relation-${type}`}>
          <ul className="space-y-1 text-sm">
            {targets.map((ref) => {
              const found = titles.get(ref);
              return (
                <li key={ref}>
                  <EntityRefLink entityRef={ref} title={found?.title} inCatalog={Boolean(found)} showKind />
                </li>
              );
            })}
          </ul>
        </Card>
      ))}
    </div>
  );
}
