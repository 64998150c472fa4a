import Link from "next/link";
import { linkClass } from "@/components/ui/button";
import { hrefForRef, refParts } from "./entity-href";

/** What describeRefs returns: the refs that exist in the catalog, with their titles. */
export type RefTitles = Map<string, { title: string | null; kind: string }>;

/** A ref as a link shows it: what a server page hands a client list or table instead of its markup. */
export type LinkedRef = { ref: string; title: string | null; inCatalog: boolean };

export function linkedRef(ref: string, titles: RefTitles): LinkedRef {
  const found = titles.get(ref);
  return { ref, title: found?.title ?? null, inCatalog: Boolean(found) };
}

type Props = {
  entityRef: string;
  /** A display title; defaults to the ref's name. */
  title?: string | null;
  /** False marks a ref that points at nothing in the catalog: shown as text, not a link. */
  inCatalog?: boolean;
  showKind?: boolean;
};

/** A link to an entity (or team), or plain text marked "not in catalog" when it does not exist. */
export function EntityRefLink({ entityRef, title, inCatalog = true, showKind = false }: Props) {
  const { kind, name } = refParts(entityRef);
  const text = title || name;
  // The kind sits outside the link, so the link's accessible name is just the entity's name.
  const kindPrefix =
    showKind && kind ? <span className="mr-1 text-xs text-slate-500 dark:text-slate-400">{kind}</span> : null;
  if (!inCatalog) {
    return (
      <span className="text-slate-700 dark:text-slate-300" title={entityRef}>
        {kindPrefix}
        {text} <span className="text-xs italic text-slate-500 dark:text-slate-400">(not in catalog)</span>
      </span>
    );
  }
  return (
    <span>
      {kindPrefix}
      <Link href={hrefForRef(entityRef)} className={linkClass} title={entityRef}>
        {text}
      </Link>
    </span>
  );
}
