"use client";

import Link from "next/link";
import { Button, linkClass } from "@/components/ui/button";

// Catches anything a portal page throws while rendering. The digest ties this screen to the
// server log line, since production builds hide the message itself.
export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div
      role="alert"
      className="mx-auto max-w-xl rounded-lg border border-red-200 bg-white p-6 dark:border-red-900 dark:bg-slate-900"
    >
      <h1 className="text-xl font-semibold">Something went wrong on this page</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        Portolan could not load what you asked for. This is usually brief (the database restarting, a deploy in
        progress); try again. If it keeps happening, tell the platform team and quote the reference below.
      </p>
      {error.digest && (
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          Reference: <code>{error.digest}</code>
        </p>
      )}
      <div className="mt-4 flex items-center gap-3">
        <Button variant="primary" onClick={() => reset()}>
          Try again
        </Button>
        <Link href="/catalog" className={linkClass}>
          Go to the catalog
        </Link>
      </div>
    </div>
  );
}
