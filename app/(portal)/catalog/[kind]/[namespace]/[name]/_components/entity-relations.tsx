import { Card } from "@/components/ui/card";
import { linkedRef, type RefTitles } from "@/components/catalog/entity-ref-link";
import { EntityRefList } from "@/components/catalog/entity-ref-list";
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
          <EntityRefList items={targets.map((ref) => linkedRef(ref, titles))} />
        </Card>
      ))}
    </div>
  );
}
