import type { ReactNode } from "react";
import type { EntityLink } from "@/lib/catalog/types";
import { Chips } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/button";
import { EntityRefLink } from "@/components/catalog/entity-ref-link";
import { LifecycleBadge } from "@/components/catalog/lifecycle-badge";

export type LinkedRef = { ref: string; title: string | null; inCatalog: boolean } | null;

type Props = { owner: LinkedRef; system: LinkedRef; lifecycle: string | null; tags: string[]; links: EntityLink[] };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 py-1.5">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-400 dark:text-slate-500">—</span>;

function isWebUrl(url: unknown): url is string {
  return typeof url === "string" && /^https?:\/\//i.test(url);
}

export function EntityAbout({ owner, system, lifecycle, tags, links }: Props) {
  return (
    <Card title="About" id="about">
      <dl className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
        <Row label="Owner">
          {owner ? (
            <EntityRefLink
              entityRef={owner.ref}
              title={owner.title}
              inCatalog={owner.inCatalog}
              showKind={!owner.ref.startsWith("group:")}
            />
          ) : (
            none
          )}
        </Row>
        <Row label="System">
          {system ? <EntityRefLink entityRef={system.ref} title={system.title} inCatalog={system.inCatalog} /> : none}
        </Row>
        <Row label="Lifecycle">
          <LifecycleBadge lifecycle={lifecycle} />
        </Row>
        <Row label="Tags">{tags.length ? <Chips values={tags} /> : none}</Row>
        <Row label="Links">
          {links.length === 0 ? (
            none
          ) : (
            <ul className="space-y-1">
              {links.map((link, i) => (
                <li key={`${link.url}-${i}`}>
                  {isWebUrl(link.url) ? (
                    <a href={link.url} target="_blank" rel="noopener noreferrer" className={linkClass}>
                      {link.title || link.url}
                      <span className="sr-only"> (opens in a new tab)</span>
                      <span aria-hidden="true"> ↗</span>
                    </a>
                  ) : (
                    <span className="break-all">
                      {link.title ? `${link.title}: ${String(link.url)}` : String(link.url)}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Row>
      </dl>
    </Card>
  );
}
