import type { ReactNode } from "react";
import { DataAge } from "./data-age";

type Props = {
  title: ReactNode;
  subtitle?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  badges?: ReactNode;
  /** When the page's data was read (default: now, as the page renders); false when a part of the page shows its own. */
  asOf?: Date | false;
};

/** The page's one h1, with an optional subtitle line, badges, description and actions. */
export function PageHeader({ title, subtitle, description, actions, badges, asOf }: Props) {
  return (
    <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">{title}</h1>
        {subtitle && <p className="mt-0.5 font-mono text-sm text-slate-500 dark:text-slate-400">{subtitle}</p>}
        {badges && <div className="mt-2 flex flex-wrap gap-1.5">{badges}</div>}
        {description && <p className="mt-2 max-w-3xl text-sm text-slate-600 dark:text-slate-300">{description}</p>}
        {asOf !== false && (
          <p className="mt-1">
            <DataAge at={asOf ?? new Date()} />
          </p>
        )}
      </div>
      {actions && <div className="flex shrink-0 gap-2">{actions}</div>}
    </header>
  );
}
