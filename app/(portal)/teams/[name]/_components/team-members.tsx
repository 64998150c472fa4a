import type { TeamMember } from "@/lib/catalog/team-queries";
import { Card } from "@/components/ui/card";
import { EntityRefLink } from "@/components/catalog/entity-ref-link";

export function TeamMembers({ members }: { members: TeamMember[] }) {
  return (
    <Card title={`Members (${members.length})`} id="members">
      {members.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          No members listed. Add them under <code>spec.members</code> of the Group, or <code>spec.memberOf</code> of
          each User.
        </p>
      ) : (
        <ul className="grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-2">
          {members.map((m) => (
            <li key={m.ref} className="min-w-0">
              <EntityRefLink entityRef={m.ref} title={m.displayName ?? m.name} inCatalog={m.inCatalog} />
              {m.email && (
                <a
                  href={`mailto:${m.email}`}
                  className="block truncate text-xs text-slate-500 hover:underline dark:text-slate-400"
                >
                  {m.email}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
