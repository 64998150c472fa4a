import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import type { LinkResult } from "../actions";

/** A one-time link shown once to the admin, to hand to the person it is for. */
export function OneTimeLink({ title, link }: { title: string; link: LinkResult }) {
  return (
    <Alert tone="warning" title={title}>
      <p>
        Send it to {link.login} through a channel you trust. It works once, until{" "}
        {link.expiresAt.slice(0, 16).replace("T", " ")} UTC, and is shown only now.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          aria-label={`One-time link for ${link.login}`}
          className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-amber-300 dark:bg-slate-950 dark:text-slate-100 dark:ring-amber-800"
        >
          {link.url}
        </code>
        <CopyButton text={link.url} label="Copy link" />
      </div>
    </Alert>
  );
}
