import Link from "next/link";
import { linkClass } from "@/components/ui/button";

export default function TeamNotFound() {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">No such team</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        No Group entity in the catalog has this name. It may have been renamed, or it lives in another namespace (add{" "}
        <code>?namespace=…</code>).
      </p>
      <p className="mt-4 flex gap-4 text-sm">
        <Link href="/teams" className={linkClass}>
          All teams
        </Link>
        <Link href="/catalog?kind=group" className={linkClass}>
          Search groups in the catalog
        </Link>
      </p>
    </div>
  );
}
