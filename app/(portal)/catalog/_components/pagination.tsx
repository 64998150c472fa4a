import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

type Props = {
  /** Hrefs for each direction; null when there is no such page. */
  first: string | null;
  previous: string | null;
  next: string | null;
  from: number;
  to: number;
  total: number;
};

export function Pagination({ first, previous, next, from, to, total }: Props) {
  if (!first && !previous && !next) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Showing {from}–{to} of {total}
      </p>
      <div className="flex gap-2">
        {first && (
          <Link href={first} className={buttonClass("ghost")}>
            First page
          </Link>
        )}
        {previous && (
          <Link href={previous} rel="prev" className={buttonClass("secondary")}>
            Previous
          </Link>
        )}
        {next && (
          <Link href={next} rel="next" className={buttonClass("secondary")}>
            Next
          </Link>
        )}
      </div>
    </nav>
  );
}
