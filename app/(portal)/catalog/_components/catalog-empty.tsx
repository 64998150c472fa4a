import Link from "next/link";
import { buttonClass, linkClass } from "@/components/ui/button";

/** Nothing matches the search or filters: say so and offer the way out. */
export function NoMatches({ q, clearHref }: { q?: string; clearHref: string }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center dark:border-slate-700 dark:bg-slate-900">
      <h2 className="text-base font-semibold">No entities match</h2>
      <p className="mx-auto mt-1 max-w-md text-sm text-slate-600 dark:text-slate-400">
        {q ? <>Nothing matches “{q}” with these filters. </> : <>Nothing matches these filters. </>}
        Try fewer filters, a shorter search, or part of a name (searching “pay” finds “payments-service”).
      </p>
      <Link href={clearHref} className={`${buttonClass("secondary")} mt-4`}>
        Clear filters
      </Link>
    </div>
  );
}

/** The catalog holds nothing at all: explain how entities get in. */
export function EmptyCatalog() {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 dark:border-slate-700 dark:bg-slate-900">
      <h2 className="text-base font-semibold">The catalog is empty</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Import Backstage descriptor files (<code>catalog-info.yaml</code>) to fill it. Either from a checkout:
      </p>
      <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
        npm run catalog:import -- path/to/catalog-info.yaml # a file or a folder of them
      </pre>
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
        or from any CI, with an API token that has the developer role:
      </p>
      <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
        {`curl -X POST "$PORTOLAN_URL/api/v1/catalog/import?location=github.com/acme/payments" \\
  -H "Authorization: Bearer $PORTOLAN_TOKEN" \\
  -H "Content-Type: application/yaml" --data-binary @catalog-info.yaml`}
      </pre>
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
        See{" "}
        <a href="/api/v1/openapi.json" className={linkClass}>
          the API description
        </a>{" "}
        for the details. Admins create tokens under Admin → Tokens.
      </p>
    </div>
  );
}
