import type { TeamRef } from "@/lib/catalog/team-queries";
import { Card } from "@/components/ui/card";
import { EntityRefLink } from "@/components/catalog/entity-ref-link";

const none = <p className="text-sm text-slate-500 dark:text-slate-400">None</p>;

export function TeamHierarchy({ parent, childTeams }: { parent: TeamRef | null; childTeams: TeamRef[] }) {
  return (
    <>
      <Card title="Parent team" id="parent-team">
        {parent ? (
          <EntityRefLink entityRef={parent.ref} title={parent.displayName} inCatalog={parent.inCatalog} />
        ) : (
          none
        )}
      </Card>
      <Card title={`Child teams (${childTeams.length})`} id="child-teams">
        {childTeams.length === 0 ? (
          none
        ) : (
          <ul className="space-y-1 text-sm">
            {childTeams.map((c) => (
              <li key={c.ref}>
                <EntityRefLink entityRef={c.ref} title={c.displayName} inCatalog={c.inCatalog} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
