import Link from "next/link";
import { buttonClass, inputClass, linkClass } from "@/components/ui/button";

export default function EntityNotFound() {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">No such entity in the catalog</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Nothing in the catalog has this kind, namespace and name. It may have been renamed or removed from its source,
        or the link has a typo. Search for it by name instead:
      </p>
      <form action="/catalog" method="get" role="search" className="mt-4 flex gap-2">
        <label htmlFor="not-found-search" className="sr-only">
          Search the catalog
        </label>
        <input
          id="not-found-search"
          name="q"
          type="search"
          placeholder="e.g. payments"
          className={`${inputClass} flex-1`}
        />
        <button type="submit" className={buttonClass("primary")}>
          Search
        </button>
      </form>
      <p className="mt-4 text-sm">
        <Link href="/catalog" className={linkClass}>
          Browse the whole catalog
        </Link>
      </p>
    </div>
  );
}
